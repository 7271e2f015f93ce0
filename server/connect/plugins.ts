/** Plugins on a Connect cluster: which worker has which (drift shows), config definitions and validation. */
import { audited, isOwnRefusal } from '../audit/audited';
import type { AuditActor } from '../audit/record';
import { checkAgainstCluster, type ClusterCheck } from '../connectors/clashes';
import { validationProblems, type ValidationProblem } from '../connectors/failure-causes';
import { nameTaken } from '../connectors/write';
import { keptSecrets, mergeMasked, maskConfig } from '../secrets/masking';
import { askConnect } from './api-errors';
import type { ConnectServices, OpenedCluster } from './services';
import { validateConfig } from './validation';
import type { ConfigKeyDefinition, ConfigValidation, ConnectorConfig, PluginInfo } from './types';

export interface WorkerPlugins {
  url: string;
  status: 'up' | 'down';
  error?: string;
  plugins: PluginInfo[];
}

export interface ClusterPlugin {
  class: string;
  type: string;
  /** Versions seen across workers; more than one is drift. */
  versions: string[];
  /** The workers that list it. */
  workers: string[];
  /** False when some answering worker lacks it: connectors of this class fail on that worker. */
  onEveryWorker: boolean;
}

/** Asks every worker for its plugins (one call per worker, in parallel) and lines the answers up by class. */
export async function clusterPlugins(opened: OpenedCluster): Promise<{ workers: WorkerPlugins[]; plugins: ClusterPlugin[] }> {
  const { client } = opened;
  const workers = await Promise.all(
    client.workerUrls.map(async (url): Promise<WorkerPlugins> => {
      try {
        return { url, status: 'up', plugins: await client.workerPlugins(url) };
      } catch (error) {
        return { url, status: 'down', error: error instanceof Error ? error.message : String(error), plugins: [] };
      }
    }),
  );
  return { workers, plugins: lineUp(workers) };
}

export function lineUp(workers: WorkerPlugins[]): ClusterPlugin[] {
  const answering = workers.filter((worker) => worker.status === 'up');
  const byClass = new Map<string, { type: string; versions: Set<string>; workers: string[] }>();
  for (const worker of answering) {
    for (const plugin of worker.plugins) {
      const entry = byClass.get(plugin.class) ?? { type: plugin.type, versions: new Set<string>(), workers: [] };
      if (plugin.version) entry.versions.add(plugin.version);
      entry.workers.push(worker.url);
      byClass.set(plugin.class, entry);
    }
  }
  return [...byClass.entries()]
    .map(([pluginClass, entry]) => ({
      class: pluginClass,
      type: entry.type,
      versions: [...entry.versions].sort(),
      workers: entry.workers,
      onEveryWorker: entry.workers.length === answering.length,
    }))
    .sort((a, b) => a.type.localeCompare(b.type) || a.class.localeCompare(b.class));
}

export interface PluginDefinition {
  connectorClass: string;
  /** Group names in display order; keys without a group come last under "Other". */
  groups: string[];
  /** Sorted by group, then by their order within it. */
  keys: ConfigKeyDefinition[];
}

export const UNGROUPED = 'Other';

export async function pluginDefinition(services: ConnectServices, opened: OpenedCluster, pluginClass: string): Promise<PluginDefinition> {
  const keys = await askConnect(opened.cluster.id, () => opened.client.pluginConfigDefinition(pluginClass));
  services.passwordKeys.remember(opened.cluster.id, pluginClass, keys);
  const groups = [...new Set(keys.map((key) => key.group ?? UNGROUPED))].sort((a, b) => Number(a === UNGROUPED) - Number(b === UNGROUPED));
  const rank = (key: ConfigKeyDefinition) => groups.indexOf(key.group ?? UNGROUPED);
  const sorted = [...keys].sort((a, b) => rank(a) - rank(b) || (a.orderInGroup ?? 0) - (b.orderInGroup ?? 0));
  return { connectorClass: pluginClass, groups, keys: sorted };
}

/**
 * Validates a config with the plugin; nothing changes on Connect. Masked values are filled from the named
 * connector's config (an edit form holds masks), and values come back masked.
 */
export async function validatePluginConfig(
  services: ConnectServices,
  opened: OpenedCluster,
  pluginClass: string,
  config: Record<string, string>,
  connectorName?: string,
  create = false,
  who?: AuditActor,
): Promise<CheckedValidation> {
  const stored = connectorName ? ((await askConnect(opened.cluster.id, () => opened.client.findConnectorConfig(connectorName))) ?? {}) : {};
  const asked = { ...config, 'connector.class': pluginClass };
  const full = mergeMasked(asked, stored) as ConnectorConfig;
  const kept = keptSecrets(asked);
  // Filling in stored secrets lets the plugin connect with them: audited like a write, though nothing changes.
  const run = () => validateConfig(services, opened, full);
  const entry = { action: 'connector.validate', clusterId: opened.cluster.id, objectType: 'connector', objectId: connectorName ?? null, details: { connectorClass: pluginClass, filledFromStored: kept } };
  const validated = kept.length === 0 || !who ? run() : audited(services.db, who, entry, run, (result) => ({ errorCount: result.errorCount }), isOwnRefusal);
  const [validation, cluster] = await Promise.all([validated, checkAgainstCluster(opened, full, { create, editing: connectorName })]);
  if (cluster.nameTaken) markNameTaken(validation, nameTaken(opened.cluster.id, full.name ?? '').message);
  const passwordKeys = new Set(validation.fields.filter((field) => field.definition.type === 'PASSWORD').map((field) => field.name));
  const values = maskConfig(Object.fromEntries(validation.fields.map((field) => [field.name, field.value ?? ''])), passwordKeys);
  return {
    ...validation,
    problems: validationProblems(validation.fields),
    nameTaken: cluster.nameTaken,
    warnings: cluster.warnings,
    fields: validation.fields.map((field) => ({ ...field, value: field.value === null ? null : (values[field.name] ?? null) })),
  };
}

/** The plugin's validation, with what the cluster's other connectors tell (see connectors/clashes.ts). */
export interface CheckedValidation extends ConfigValidation, ClusterCheck {
  problems: ValidationProblem[];
}

/** A taken name is an error on `name`, so the form shows it where the name is typed and nothing is saved. */
function markNameTaken(validation: ConfigValidation, message: string): void {
  const field = validation.fields.find((candidate) => candidate.name === 'name');
  if (field) field.errors = [...field.errors, message];
  validation.errorCount += 1;
}
