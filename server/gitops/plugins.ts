/**
 * Plugins in the desired state: which catalog versions or uploaded artifacts every worker of a Connect cluster
 * must have. Planning compares, per worker, what its agent holds under the plugin's name with the artifact the
 * files name; the install itself is the plugin-delivery operation (`POST /connect/{c}/installs`, one worker at a
 * time), which the CLI starts and follows before it applies topics and connectors. Apply refuses while a plugin
 * the files name is not yet on every worker, so connectors are never created against a missing class.
 */
import { findCatalogArtifact, getArtifact } from '../artifacts';
import { connectorClassesOf } from '../delivery/classes';
import type { DeliveryContext } from '../delivery/context';
import { installedPlugins } from '../delivery/installed';
import { ApiError } from '../http/errors';

export type DesiredPlugin = { catalog: { id: string; version: string } } | { artifact: string; name?: string };

export interface PlannedPluginChange {
  action: 'install' | 'noop';
  /** The plugin's folder name on the workers (a catalog plugin's is its catalog id). */
  name: string;
  version: string | null;
  /** The artifact to install; null for a catalog version not downloaded yet (the install downloads it). */
  sha256: string | null;
  /** What the workers hold under that name now, per worker URL: a sha256, or null for nothing. */
  workers: Record<string, string | null>;
  /** The connector classes it provides: connectors of these classes are validated after the install. */
  classes: string[];
  /** The body to send to `POST /api/v1/connect/{connect}/installs`. */
  install: DesiredPlugin;
}

interface Resolved {
  name: string;
  version: string | null;
  sha256: string | null;
  classes: string[];
}

/** 400 naming the field for an unknown catalog entry, version or artifact: nothing is planned against a typo. */
async function resolve(delivery: DeliveryContext, plugin: DesiredPlugin, index: number): Promise<Resolved> {
  if ('artifact' in plugin) {
    const artifact = await getArtifact(delivery.db, plugin.artifact);
    if (!artifact) throw ApiError.badRequest(`Plugin artifact ${plugin.artifact} is not uploaded: upload it with POST /api/v1/artifacts first`, `plugins.${index}.artifact`);
    return { name: plugin.name ?? artifact.name, version: artifact.version, sha256: artifact.sha256, classes: connectorClassesOf(artifact.inspection) };
  }
  const catalog = await delivery.catalog();
  const entry = catalog.get(plugin.catalog.id);
  if (!entry) throw ApiError.badRequest(`The catalog has no entry "${plugin.catalog.id}"`, `plugins.${index}.catalog.id`);
  const version = catalog.getVersion(entry.id, plugin.catalog.version);
  if (!version) {
    throw ApiError.badRequest(
      `Catalog entry "${entry.id}" has no version ${plugin.catalog.version} (known: ${entry.versions.map((v) => v.version).join(', ')})`,
      `plugins.${index}.catalog.version`,
    );
  }
  const known = await findCatalogArtifact(delivery.db, entry.id, version.version);
  return { name: entry.id, version: version.version, sha256: known?.sha256 ?? null, classes: version.connectorClasses.map((c) => c.class) };
}

export async function planPlugins(delivery: DeliveryContext, connectId: string, desired: DesiredPlugin[]): Promise<PlannedPluginChange[]> {
  if (desired.length === 0) return [];
  const resolved = await Promise.all(desired.map((plugin, index) => resolve(delivery, plugin, index)));
  const names = new Map<string, number>();
  resolved.forEach((plugin, index) => {
    const first = names.get(plugin.name);
    if (first !== undefined) throw ApiError.badRequest(`Plugin "${plugin.name}" is described twice (plugins ${first} and ${index})`, `plugins.${index}`);
    names.set(plugin.name, index);
  });
  const installed = await installedPlugins(delivery, connectId);
  return resolved
    .map((plugin, index): PlannedPluginChange => {
      const workers = Object.fromEntries(installed.workers.map((worker) => [worker.url, worker.plugins.find((p) => p.name === plugin.name)?.sha256 ?? null]));
      // Installed means: every worker's agent answered and holds these bytes, and every worker loaded them.
      const everywhere =
        plugin.sha256 !== null &&
        installed.workers.every((worker) => worker.agent === 'up' && worker.plugins.some((p) => p.name === plugin.name && p.sha256 === plugin.sha256 && p.loaded));
      return { action: everywhere ? 'noop' : 'install', name: plugin.name, version: plugin.version, sha256: plugin.sha256, workers, classes: plugin.classes, install: desired[index]! };
    })
    .sort((a, b) => (a.action === b.action ? a.name.localeCompare(b.name) : a.action === 'install' ? -1 : 1));
}

/** Export: each plugin the agents report on every worker with the same bytes, as a catalog version when it came from the catalog. */
export async function exportPlugins(
  delivery: DeliveryContext,
  connectId: string,
  /** Only plugins providing one of these classes (an export limited to some connectors carries only their plugins). */
  usedClasses?: ReadonlySet<string>,
): Promise<({ catalog: string; version: string } | { sha256: string; name: string })[]> {
  const installed = await installedPlugins(delivery, connectId);
  const classesOf = new Map(installed.workers.flatMap((worker) => worker.plugins.map((plugin) => [plugin.name, plugin.classes] as const)));
  const result: ({ catalog: string; version: string } | { sha256: string; name: string })[] = [];
  for (const plugin of installed.plugins) {
    if (usedClasses && !(classesOf.get(plugin.name) ?? []).some((cls) => usedClasses.has(cls))) continue;
    const shas = new Set(plugin.workers.map((worker) => worker.sha256));
    const sha = plugin.workers[0]?.sha256;
    if (!plugin.onEveryWorker || shas.size !== 1 || !sha) continue; // drift or a folder put there by hand: nothing to pin
    const artifact = await getArtifact(delivery.db, sha);
    if (!artifact) continue;
    const source = artifact.source as { kind?: string; catalogId?: string; version?: string } | null;
    if (source?.kind === 'catalog' && source.catalogId && source.version && source.catalogId === plugin.name) result.push({ catalog: source.catalogId, version: source.version });
    else result.push({ sha256: sha, name: plugin.name });
  }
  return result;
}
