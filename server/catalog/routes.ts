import { z } from '@hono/zod-openapi';
import { apiRoute } from '../auth/api-route';
import { requirePrincipal } from '../auth/authorize';
import { grantCoversCluster, PERMISSIONS } from '../auth/permissions';
import type { ConnectClients } from '../clusters/clients';
import { listConnectClusters, type ConnectCluster } from '../clusters/registry';
import type { Db } from '../db';
import { errorResponses, ApiError } from '../http/errors';
import { json } from '../http/openapi';
import { createRouter } from '../http/router';
import { maskRendered, renderTemplate } from '../templates/render';
import { RenderBodySchema, RenderedSchema, TemplateSchema } from '../templates/schema';
import type { Catalog } from './catalog';
import type { CatalogEntry, CatalogVersion } from './format';
import { compatibilityOf } from './compatibility';
import { compareVersions } from './versions';

const TAGS = ['Catalog'];

const CompatibilitySchema = z
  .object({
    connectId: z.string(),
    kafkaVersion: z.string().nullable(),
    compatible: z.boolean().nullable().openapi({ description: "null when the cluster's Kafka version is unknown (no worker answered)" }),
    reason: z.string().optional().openapi({ description: 'Why not (or why unknown); an install there is refused unless forced' }),
  })
  .openapi('CatalogCompatibility');

const VersionSummarySchema = z.object({
  version: z.string().openapi({ example: '3.5.0.Final' }),
  semver: z.string().openapi({ example: '3.5.0' }),
  prerelease: z.boolean(),
  kafka: z.string().openapi({ description: 'Kafka (Connect worker) versions supported, as a semver range' }),
  released: z.string().optional(),
  compatibility: z.array(CompatibilitySchema).openapi({ description: 'Per registered Connect cluster the caller may read' }),
});

const VersionDetailSchema = VersionSummarySchema.extend({
  artifacts: z.array(z.object({ coordinates: z.string(), sha512: z.string(), size: z.number().int() })),
  connectorClasses: z.array(z.object({ class: z.string(), type: z.enum(['source', 'sink']) })),
  builtAgainstKafka: z.string().optional(),
  minJava: z.number().int(),
  notes: z.string().optional(),
  license: z.string().openapi({ description: "This version's licence (the entry's unless it says otherwise)" }),
  needs: z.array(z.string()).openapi({ description: "What the user must provide for this version: the entry's needs and the version's own" }),
}).openapi('CatalogVersion');

const InstalledOnSchema = z
  .object({
    connectId: z.string(),
    status: z.enum(['installed', 'not_installed', 'unknown']).openapi({ description: '`unknown` when no worker answered' }),
    versions: z.array(z.string()).openapi({ description: 'Versions the workers list for the entry\'s connector classes; more than one is drift' }),
    workers: z.number().int().openapi({ description: 'Workers that list it' }),
    workersAnswering: z.number().int(),
    kafkaVersion: z.string().nullable(),
    updateAvailable: z.boolean(),
    latest: z.string().nullable().openapi({ description: 'Newest catalog version for this cluster\'s Kafka version' }),
    error: z.string().optional(),
  })
  .openapi('CatalogInstalledOn');

const entryFields = {
  id: z.string(),
  name: z.string(),
  publisher: z.string(),
  category: z.string(),
  description: z.string(),
  docs: z.string(),
  license: z.string(),
  needs: z.array(z.string()).openapi({ description: 'What the user must provide: drivers, database settings, permissions' }),
  source: z.string().openapi({ description: '`built-in` for the shipped catalog; else the extra source (folder or https URL, CATALOG_SOURCES) it came from' }),
  installedOn: z.array(InstalledOnSchema),
};

const EntrySummarySchema = z
  .object({ ...entryFields, latest: VersionSummarySchema.nullable(), versions: z.array(VersionSummarySchema) })
  .openapi('CatalogEntrySummary');

const EntryDetailSchema = z
  .object({ ...entryFields, versions: z.array(VersionDetailSchema), templates: z.array(TemplateSchema) })
  .openapi('CatalogEntry');

const IdParams = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: 'debezium-mariadb' }) });

const list = apiRoute({
  method: 'get',
  path: '/catalog',
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'The bundled connector catalog, with what each Connect cluster has installed and available updates',
  description: "Installed versions come from each worker's own `GET /connector-plugins` (asked at most every 10 s); updates compare by semver, limited to versions that support the cluster's Kafka version.",
  responses: {
    200: {
      description: 'Catalog entries',
      ...json(
        z
          .object({
            catalogVersion: z.string(),
            items: z.array(EntrySummarySchema),
            total: z.number().int(),
            problems: z
              .array(z.object({ source: z.string(), file: z.string(), field: z.string(), message: z.string() }))
              .openapi({ description: 'Entries of extra catalog sources refused at load time (bad format, duplicate id, unreachable source); the good ones are listed' }),
          })
          .openapi('CatalogPage'),
      ),
    },
  },
});

const one = apiRoute({
  method: 'get',
  path: '/catalog/{id}',
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'One catalog entry: versions with Maven coordinates, sha512, size, license, classes, Kafka range; config templates',
  request: { params: IdParams },
  responses: { 200: { description: 'The entry', ...json(EntryDetailSchema) }, ...errorResponses(404) },
});

const render = apiRoute({
  method: 'post',
  path: '/catalog/{id}/templates/{templateId}/render',
  permission: PERMISSIONS.connectorWrite,
  tags: TAGS,
  summary: "Fill a catalog template's placeholders into a connector config",
  description: 'Same as `POST /templates/{id}/render`, for the templates a catalog entry carries. Nothing is created.',
  request: {
    params: IdParams.extend({ templateId: z.string().openapi({ param: { name: 'templateId', in: 'path' }, example: 'mariadb-capture-tables' }) }),
    body: { required: true, ...json(RenderBodySchema) },
  },
  responses: { 200: { description: 'The config', ...json(RenderedSchema) }, ...errorResponses(400, 404) },
});

export interface CatalogRouteDeps {
  db: Db;
  catalog: () => Promise<Catalog>;
  clients: ConnectClients;
}

/** Mounted under /api/v1. */
export function catalogRoutes(deps: CatalogRouteDeps) {
  const survey = new ClusterSurvey(deps.clients);
  return createRouter()
    .openapi(list, async (c) => {
      const catalog = await deps.catalog();
      const clusters = await visibleClusters(deps.db, requirePrincipal(c));
      const seen = await Promise.all(clusters.map((cluster) => survey.get(cluster)));
      const items = catalog.entries.map((entry) => ({
        ...entryBase(entry),
        latest: catalog.latest(entry.id) ? versionSummary(catalog.latest(entry.id)!, seen) : null,
        versions: entry.versions.map((v) => versionSummary(v, seen)),
        installedOn: seen.map((s) => installedOn(catalog, entry, s)),
      }));
      return c.json({ catalogVersion: catalog.meta.version, items, total: items.length, problems: catalog.problems }, 200);
    })
    .openapi(one, async (c) => {
      const catalog = await deps.catalog();
      const entry = requireEntry(catalog, c.req.valid('param').id);
      const clusters = await visibleClusters(deps.db, requirePrincipal(c));
      const seen = await Promise.all(clusters.map((cluster) => survey.get(cluster)));
      return c.json(
        {
          ...entryBase(entry),
          versions: entry.versions.map((v) => versionDetail(entry, v, seen)),
          templates: entry.templates,
          installedOn: seen.map((s) => installedOn(catalog, entry, s)),
        },
        200,
      );
    })
    .openapi(render, async (c) => {
      const params = c.req.valid('param');
      const entry = requireEntry(await deps.catalog(), params.id);
      const template = entry.templates.find((t) => t.id === params.templateId);
      if (!template) throw ApiError.notFound(`Catalog entry "${entry.id}" has no template "${params.templateId}" (has: ${entry.templates.map((t) => t.id).join(', ')})`);
      const rendered = renderTemplate(template, c.req.valid('json').values);
      return c.json({ config: maskRendered(template, rendered) }, 200);
    });
}

function requireEntry(catalog: Catalog, id: string): CatalogEntry {
  const entry = catalog.get(id);
  if (!entry) throw ApiError.notFound(`Catalog has no entry "${id}"`);
  return entry;
}

async function visibleClusters(db: Db, principal: ReturnType<typeof requirePrincipal>): Promise<ConnectCluster[]> {
  return (await listConnectClusters(db)).filter((cluster) => grantCoversCluster(principal, 'connect', cluster.id));
}

function entryBase(entry: CatalogEntry) {
  return {
    id: entry.id,
    name: entry.name,
    publisher: entry.publisher,
    category: entry.category,
    description: entry.description,
    docs: entry.docs,
    license: entry.license,
    needs: entry.needs,
    source: entry.source ?? 'built-in',
  };
}

function versionSummary(version: CatalogVersion, seen: ClusterSeen[]) {
  return {
    version: version.version,
    semver: version.semver,
    prerelease: version.prerelease,
    kafka: version.kafka,
    ...(version.released ? { released: version.released } : {}),
    compatibility: seen.map((s) => ({ connectId: s.connectId, kafkaVersion: s.kafkaVersion, ...compatibilityOf(version, s.kafkaVersion) })),
  };
}

function versionDetail(entry: CatalogEntry, version: CatalogVersion, seen: ClusterSeen[]) {
  return {
    ...versionSummary(version, seen),
    artifacts: version.artifacts,
    connectorClasses: version.connectorClasses,
    ...(version.builtAgainstKafka ? { builtAgainstKafka: version.builtAgainstKafka } : {}),
    minJava: version.minJava,
    ...(version.notes ? { notes: version.notes } : {}),
    license: version.license ?? entry.license,
    needs: [...entry.needs, ...(version.needs ?? [])],
  };
}

// ---------------------------------------------------------------------------------------------- installed-on badges

interface ClusterSeen {
  connectId: string;
  /** class → versions listed, and on how many workers */
  classes: Map<string, { versions: Set<string>; workers: number }>;
  workersAnswering: number;
  kafkaVersion: string | null;
  error?: string;
}

const SURVEY_TTL_MS = 10_000;
const WORKER_TIMEOUT_MS = 3_000;

/** Asks every worker of a cluster for its plugins, at most once per TTL per cluster. */
class ClusterSurvey {
  readonly #cache = new Map<string, { at: number; signature: string; seen: Promise<ClusterSeen> }>();

  constructor(private readonly clients: ConnectClients) {}

  get(cluster: ConnectCluster): Promise<ClusterSeen> {
    const signature = cluster.workers.map((w) => w.url).join(',');
    const cached = this.#cache.get(cluster.id);
    if (cached && cached.signature === signature && Date.now() - cached.at < SURVEY_TTL_MS) return cached.seen;
    const seen = this.#ask(cluster);
    this.#cache.set(cluster.id, { at: Date.now(), signature, seen });
    return seen;
  }

  async #ask(cluster: ConnectCluster): Promise<ClusterSeen> {
    const client = this.clients.get(cluster);
    const errors: string[] = [];
    const answers = await Promise.all(
      cluster.workers.map(async (worker) => {
        try {
          const [info, plugins] = await Promise.all([
            client.workerInfo(worker.url, { timeoutMs: WORKER_TIMEOUT_MS }),
            client.workerPlugins(worker.url, { timeoutMs: WORKER_TIMEOUT_MS }),
          ]);
          return { info, plugins };
        } catch (error) {
          errors.push((error as Error).message);
          return undefined;
        }
      }),
    );
    const classes = new Map<string, { versions: Set<string>; workers: number }>();
    let kafkaVersion: string | null = null;
    let answering = 0;
    for (const answer of answers) {
      if (!answer) continue;
      answering += 1;
      kafkaVersion ??= answer.info.version;
      for (const plugin of answer.plugins) {
        const seen = classes.get(plugin.class) ?? { versions: new Set<string>(), workers: 0 };
        if (plugin.version) seen.versions.add(plugin.version);
        seen.workers += 1;
        classes.set(plugin.class, seen);
      }
    }
    return { connectId: cluster.id, classes, workersAnswering: answering, kafkaVersion, ...(errors.length ? { error: errors.join('; ') } : {}) };
  }
}

function installedOn(catalog: Catalog, entry: CatalogEntry, seen: ClusterSeen) {
  const connectorClasses = new Set(entry.versions.flatMap((v) => v.connectorClasses.map((c) => c.class)));
  const matches = [...connectorClasses].map((c) => seen.classes.get(c)).filter((m) => m !== undefined);
  const versions = [...new Set(matches.flatMap((m) => [...m.versions]))].sort();
  const workers = Math.max(0, ...matches.map((m) => m.workers));
  const filter = seen.kafkaVersion ? { kafkaVersion: seen.kafkaVersion } : {};
  const latest = catalog.latest(entry.id, filter)?.version ?? null;
  // the oldest version any worker runs decides: one stale worker is enough to need the update
  const oldest = [...versions].sort(compareVersions)[0] ?? null;
  const update = oldest ? catalog.checkForUpdate(entry.id, oldest, filter) : undefined;
  return {
    connectId: seen.connectId,
    status: seen.workersAnswering === 0 ? ('unknown' as const) : matches.length ? ('installed' as const) : ('not_installed' as const),
    versions,
    workers,
    workersAnswering: seen.workersAnswering,
    kafkaVersion: seen.kafkaVersion,
    updateAvailable: update?.updateAvailable ?? false,
    latest,
    ...(seen.error ? { error: seen.error } : {}),
  };
}
