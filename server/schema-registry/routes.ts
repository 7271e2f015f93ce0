import { auditActorOf } from '../audit/actor';
import { audited, isOwnRefusal } from '../audit/audited';
import { apiRoute } from '../auth/api-route';
import { requirePrincipal } from '../auth/authorize';
import { PERMISSIONS } from '../auth/permissions';
import { getKafkaCluster } from '../clusters/registry';
import { toKafkaConnection } from '../kafka/connection';
import { askKafka } from '../kafka/api-errors';
import { registeredKafkaClient, type KafkaDeps } from '../kafka/registered';
import { ApiError, errorResponses } from '../http/errors';
import { json } from '../http/openapi';
import { createRouter } from '../http/router';
import { TopicParamsSchema } from '../topics/schema';
import { topicMetadata } from '../topics/topic-detail';
import { askRegistry } from './errors';
import { encodePart, produceOne, ProduceBodySchema, ProducedSchema } from './produce';
import {
  CompatibilityCheckSchema,
  CompatibilitySchema,
  CreateSchemaRegistrySchema,
  DeleteSubjectBodySchema,
  DeleteSubjectQuerySchema,
  DeletedVersionsSchema,
  DiffQuerySchema,
  RegisteredSchema,
  RegistryIdParamsSchema,
  SchemaByIdSchema,
  SchemaDiffSchema,
  SchemaIdParamsSchema,
  SchemaInputSchema,
  SchemaRegistryListSchema,
  SchemaRegistrySchema,
  SetCompatibilitySchema,
  SubjectDetailSchema,
  SubjectPageSchema,
  SubjectParamsSchema,
  SubjectsQuerySchema,
  SubjectVersionSchema,
  VersionNumberParamsSchema,
  VersionParamsSchema,
  RegistryHealthSchema,
} from './schema';
import { checkCompatibility, diffVersions, registerVersion, registryHealth, schemaById, subjectDetail, subjectVersion } from './service';
import { canSee, createRegistry, deleteRegistry, getRegistry, listRegistries, registryOfKafkaCluster, toView } from './store';
import type { SchemaRegistryServices } from './services';

const TAGS = ['Schema registry'];
const BASE = '/schema-registries';
const ONE = `${BASE}/{registryId}`;
const SUBJECT = `${ONE}/subjects/{subject}`;
/** 404 unknown registry/subject/version/id; 502 the registry failed; 503 it cannot be reached. */
const REGISTRY_ERRORS = errorResponses(400, 404, 502, 503);

const list = apiRoute({ method: 'get', path: BASE, permission: PERMISSIONS.clusterRead, tags: TAGS, summary: 'Registered schema registries', description: 'Credentials masked. A caller limited to some clusters sees the registries linked to those Kafka clusters.', responses: { 200: { description: 'Registries', ...json(SchemaRegistryListSchema) } } });
const create = apiRoute({ method: 'post', path: BASE, permission: PERMISSIONS.clusterManage, tags: TAGS, summary: 'Register a schema registry (Confluent-compatible API)', request: { body: { required: true, ...json(CreateSchemaRegistrySchema) } }, responses: { 201: { description: 'Registered', ...json(SchemaRegistrySchema) }, ...errorResponses(400, 409) } });
const getOne = apiRoute({ method: 'get', path: ONE, permission: PERMISSIONS.clusterRead, tags: TAGS, summary: 'One schema registry', request: { params: RegistryIdParamsSchema }, responses: { 200: { description: 'Registry', ...json(SchemaRegistrySchema) }, ...errorResponses(404) } });
const remove = apiRoute({ method: 'delete', path: ONE, permission: PERMISSIONS.clusterManage, tags: TAGS, summary: 'Forget a schema registry (the registry itself is not touched)', request: { params: RegistryIdParamsSchema }, responses: { 204: { description: 'Removed' }, ...errorResponses(404) } });
const subjects = apiRoute({
  method: 'get',
  path: `${ONE}/subjects`,
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'Subjects, paged and searchable, with each one\'s latest version, schema id and type',
  description: 'Drawn from bulk calls cached for 5 seconds (all subject names; every latest version in one listing), never one request per subject, so it stays fast at thousands of subjects. Per-subject compatibility levels are on the subject itself.',
  request: { params: RegistryIdParamsSchema, query: SubjectsQuerySchema },
  responses: { 200: { description: 'A page', ...json(SubjectPageSchema) }, ...REGISTRY_ERRORS },
});
const subject = apiRoute({ method: 'get', path: SUBJECT, permission: PERMISSIONS.clusterRead, tags: TAGS, summary: 'A subject: its versions, latest schema and compatibility level', request: { params: SubjectParamsSchema }, responses: { 200: { description: 'Subject', ...json(SubjectDetailSchema) }, ...REGISTRY_ERRORS } });
const version = apiRoute({ method: 'get', path: `${SUBJECT}/versions/{version}`, permission: PERMISSIONS.clusterRead, tags: TAGS, summary: 'One version of a subject (a number or `latest`), with its references', request: { params: VersionParamsSchema }, responses: { 200: { description: 'Version', ...json(SubjectVersionSchema) }, ...REGISTRY_ERRORS } });
const diff = apiRoute({ method: 'get', path: `${SUBJECT}/diff`, permission: PERMISSIONS.clusterRead, tags: TAGS, summary: 'Two versions side by side: both texts pretty-printed and their line diff', request: { params: SubjectParamsSchema, query: DiffQuerySchema }, responses: { 200: { description: 'Diff', ...json(SchemaDiffSchema) }, ...REGISTRY_ERRORS } });
const register = apiRoute({
  method: 'post',
  path: `${SUBJECT}/versions`,
  permission: PERMISSIONS.schemaWrite,
  tags: TAGS,
  summary: 'Register a new version of a subject',
  description: 'The registry checks compatibility: an incompatible schema is refused with 409 and the registry\'s reason; one it cannot parse with 400 (`field: schema`). Registering a schema the subject already has returns its id.',
  request: { params: SubjectParamsSchema, body: { required: true, ...json(SchemaInputSchema) } },
  responses: { 201: { description: 'Registered', ...json(RegisteredSchema) }, ...REGISTRY_ERRORS, ...errorResponses(409) },
});
const check = apiRoute({
  method: 'post',
  path: `${SUBJECT}/compatibility-check`,
  // part of registering a version; a POST like every write, so it needs the right to register
  permission: PERMISSIONS.schemaWrite,
  tags: TAGS,
  summary: 'Check a schema against the subject\'s latest version before registering it',
  description: 'Nothing is registered. The registry\'s verdict with its messages (`verbose=true`).',
  request: { params: SubjectParamsSchema, body: { required: true, ...json(SchemaInputSchema) } },
  responses: { 200: { description: 'Verdict', ...json(CompatibilityCheckSchema) }, ...REGISTRY_ERRORS },
});
const deleteSubject = apiRoute({
  method: 'delete',
  path: SUBJECT,
  permission: PERMISSIONS.schemaDelete,
  tags: TAGS,
  summary: 'Delete a subject: soft, or hard with `permanent=true` (after a soft delete)',
  description: 'The body must repeat the subject name (`{"confirm": "<subject>"}`): consumers may still need its schemas.',
  request: { params: SubjectParamsSchema, query: DeleteSubjectQuerySchema, body: { required: true, ...json(DeleteSubjectBodySchema) } },
  responses: { 200: { description: 'Deleted versions', ...json(DeletedVersionsSchema) }, ...REGISTRY_ERRORS },
});
const deleteVersion = apiRoute({
  method: 'delete',
  path: `${SUBJECT}/versions/{version}`,
  permission: PERMISSIONS.schemaDelete,
  tags: TAGS,
  summary: 'Delete one version of a subject: soft, or hard with `permanent=true` (after a soft delete)',
  description: 'The body must repeat the subject name (`{"confirm": "<subject>"}`): consumers may still need the schema.',
  request: { params: VersionNumberParamsSchema, query: DeleteSubjectQuerySchema, body: { required: true, ...json(DeleteSubjectBodySchema) } },
  responses: { 200: { description: 'Deleted version', ...json(DeletedVersionsSchema) }, ...REGISTRY_ERRORS },
});
const health = apiRoute({
  method: 'get',
  path: `${ONE}/health`,
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'Whether the registry answers, and how fast',
  description: 'Asks the registry its global compatibility level, bounded by 3 s. A registry that is down answers 200 with `status: down` and the reason.',
  request: { params: RegistryIdParamsSchema },
  responses: { 200: { description: 'Health', ...json(RegistryHealthSchema) }, ...errorResponses(404) },
});
const globalCompat = apiRoute({ method: 'get', path: `${ONE}/compatibility`, permission: PERMISSIONS.clusterRead, tags: TAGS, summary: 'The global compatibility level', request: { params: RegistryIdParamsSchema }, responses: { 200: { description: 'Level', ...json(CompatibilitySchema) }, ...REGISTRY_ERRORS } });
const setGlobalCompat = apiRoute({ method: 'put', path: `${ONE}/compatibility`, permission: PERMISSIONS.schemaWrite, tags: TAGS, summary: 'Set the global compatibility level', request: { params: RegistryIdParamsSchema, body: { required: true, ...json(SetCompatibilitySchema) } }, responses: { 200: { description: 'Level', ...json(CompatibilitySchema) }, ...REGISTRY_ERRORS } });
const subjectCompat = apiRoute({ method: 'get', path: `${SUBJECT}/compatibility`, permission: PERMISSIONS.clusterRead, tags: TAGS, summary: 'The level set on a subject (null: it inherits the global one)', request: { params: SubjectParamsSchema }, responses: { 200: { description: 'Level', ...json(CompatibilitySchema) }, ...REGISTRY_ERRORS } });
const setSubjectCompat = apiRoute({ method: 'put', path: `${SUBJECT}/compatibility`, permission: PERMISSIONS.schemaWrite, tags: TAGS, summary: 'Set a subject\'s compatibility level', request: { params: SubjectParamsSchema, body: { required: true, ...json(SetCompatibilitySchema) } }, responses: { 200: { description: 'Level', ...json(CompatibilitySchema) }, ...REGISTRY_ERRORS } });
const byId = apiRoute({ method: 'get', path: `${ONE}/schemas/{schemaId}`, permission: PERMISSIONS.clusterRead, tags: TAGS, summary: 'A schema by id, with every subject version that uses it', request: { params: SchemaIdParamsSchema }, responses: { 200: { description: 'Schema', ...json(SchemaByIdSchema) }, ...REGISTRY_ERRORS } });
const produce = apiRoute({
  method: 'post',
  path: '/clusters/{kafkaId}/topics/{topic}/messages',
  permission: PERMISSIONS.topicWrite,
  tags: ['Topics'],
  summary: 'Produce one message (key, value, headers, partition)',
  description:
    'Key and value as text (a JSON string), JSON (any other JSON value), or encoded with a subject\'s schema in the Confluent wire format (`subject`, optional `version`) using the registry linked to the cluster. Audited without the message\'s content.',
  request: { params: TopicParamsSchema, body: { required: true, ...json(ProduceBodySchema) } },
  responses: { 201: { description: 'Written', ...json(ProducedSchema) }, ...REGISTRY_ERRORS },
});

export const HEALTH_TIMEOUT_MS = 3_000;
const healthView = (row: { id: string; name: string; url: string; kafkaClusterId: string | null }) => ({ id: row.id, name: row.name, url: row.url, kafkaClusterId: row.kafkaClusterId });

/** Mounted under /api/v1. */
export function schemaRegistryRoutes(deps: KafkaDeps & { registries: SchemaRegistryServices }) {
  const { db, registries } = deps;
  const clientOf = async (c: Parameters<typeof requirePrincipal>[0], registryId: string) => registries.clients.get(await getRegistry(db, registryId, requirePrincipal(c)));
  const entry = (action: string, registryId: string, objectId: string, details: Record<string, unknown> = {}) => ({ action, objectType: 'schema-subject', objectId: `${registryId}/${objectId}`, details: { registryId, ...details } });

  return createRouter()
    .openapi(list, async (c) => {
      const principal = requirePrincipal(c);
      return c.json({ items: (await listRegistries(db)).filter((row) => canSee(principal, row)).map(toView) }, 200);
    })
    .openapi(create, async (c) => {
      const input = c.req.valid('json');
      const row = await audited(db, auditActorOf(c), { action: 'schema-registry.create', objectType: 'schema-registry', objectId: input.id, details: { url: input.url, kafkaClusterId: input.kafkaClusterId ?? null } }, () => createRegistry(db, deps.secrets, input), undefined, isOwnRefusal);
      return c.json(toView(row), 201);
    })
    .openapi(getOne, async (c) => c.json(toView(await getRegistry(db, c.req.valid('param').registryId, requirePrincipal(c))), 200))
    .openapi(remove, async (c) => {
      const { registryId } = c.req.valid('param');
      await getRegistry(db, registryId, requirePrincipal(c));
      await audited(db, auditActorOf(c), { action: 'schema-registry.delete', objectType: 'schema-registry', objectId: registryId }, () => deleteRegistry(db, registryId));
      registries.clients.forget(registryId);
      registries.indexes.invalidate(registryId);
      return c.body(null, 204);
    })
    .openapi(subjects, async (c) => {
      const client = await clientOf(c, c.req.valid('param').registryId);
      return c.json(await askRegistry(() => registries.indexes.page(client, c.req.valid('query'))), 200);
    })
    .openapi(subject, async (c) => {
      const { registryId, subject: name } = c.req.valid('param');
      return c.json(await subjectDetail(await clientOf(c, registryId), name), 200);
    })
    .openapi(version, async (c) => {
      const { registryId, subject: name, version: v } = c.req.valid('param');
      return c.json(await subjectVersion(await clientOf(c, registryId), name, v), 200);
    })
    .openapi(diff, async (c) => {
      const { registryId, subject: name } = c.req.valid('param');
      const { from, to } = c.req.valid('query');
      return c.json(await diffVersions(await clientOf(c, registryId), name, from, to), 200);
    })
    .openapi(register, async (c) => {
      const { registryId, subject: name } = c.req.valid('param');
      const client = await clientOf(c, registryId);
      const input = c.req.valid('json');
      const result = await audited(db, auditActorOf(c), entry('schema.register', registryId, name, { schemaType: input.schemaType }), () => registerVersion(client, name, input), (r) => r, isRefusedBeforeRegistry);
      registries.indexes.invalidate(registryId);
      return c.json(result, 201);
    })
    .openapi(check, async (c) => {
      const { registryId, subject: name } = c.req.valid('param');
      return c.json(await checkCompatibility(await clientOf(c, registryId), name, c.req.valid('json')), 200);
    })
    .openapi(deleteSubject, async (c) => {
      const { registryId, subject: name } = c.req.valid('param');
      const { permanent } = c.req.valid('query');
      if (c.req.valid('json').confirm !== name) throw ApiError.badRequest(`Type the subject name "${name}" in \`confirm\` to delete it`, 'confirm');
      const client = await clientOf(c, registryId);
      const versions = await audited(db, auditActorOf(c), entry(permanent ? 'schema.delete-permanent' : 'schema.delete', registryId, name), () => askRegistry(() => client.deleteSubject(name, permanent)), (v) => ({ versions: v }));
      registries.indexes.invalidate(registryId);
      return c.json({ versions }, 200);
    })
    .openapi(deleteVersion, async (c) => {
      const { registryId, subject: name, version: number } = c.req.valid('param');
      const { permanent } = c.req.valid('query');
      if (c.req.valid('json').confirm !== name) throw ApiError.badRequest(`Type the subject name "${name}" in \`confirm\` to delete its version ${number}`, 'confirm');
      const client = await clientOf(c, registryId);
      const deleted = await audited(db, auditActorOf(c), entry(permanent ? 'schema.delete-version-permanent' : 'schema.delete-version', registryId, name, { version: number }), () => askRegistry(() => client.deleteVersion(name, number, permanent)), (v) => ({ version: v }));
      registries.indexes.invalidate(registryId);
      return c.json({ versions: [deleted] }, 200);
    })
    .openapi(health, async (c) => {
      const row = await getRegistry(db, c.req.valid('param').registryId, requirePrincipal(c));
      return c.json({ ...healthView(row), ...(await registryHealth(registries.clients.get(row), HEALTH_TIMEOUT_MS)) }, 200);
    })
    .openapi(globalCompat, async (c) => {
      const client = await clientOf(c, c.req.valid('param').registryId);
      return c.json({ compatibility: (await askRegistry(() => client.compatibility())) ?? null }, 200);
    })
    .openapi(setGlobalCompat, async (c) => {
      const { registryId } = c.req.valid('param');
      const client = await clientOf(c, registryId);
      const { compatibility } = c.req.valid('json');
      const level = await audited(db, auditActorOf(c), { action: 'schema.compatibility', objectType: 'schema-registry', objectId: registryId, details: { compatibility } }, () => askRegistry(() => client.setCompatibility(compatibility)));
      registries.indexes.invalidate(registryId);
      return c.json({ compatibility: level }, 200);
    })
    .openapi(subjectCompat, async (c) => {
      const { registryId, subject: name } = c.req.valid('param');
      const client = await clientOf(c, registryId);
      return c.json({ compatibility: (await askRegistry(() => client.compatibility(name))) ?? null }, 200);
    })
    .openapi(setSubjectCompat, async (c) => {
      const { registryId, subject: name } = c.req.valid('param');
      const client = await clientOf(c, registryId);
      const { compatibility } = c.req.valid('json');
      const level = await audited(db, auditActorOf(c), entry('schema.compatibility', registryId, name, { compatibility }), () => askRegistry(() => client.setCompatibility(compatibility, name)));
      return c.json({ compatibility: level }, 200);
    })
    .openapi(byId, async (c) => {
      const { registryId, schemaId } = c.req.valid('param');
      return c.json(await schemaById(await clientOf(c, registryId), schemaId), 200);
    })
    .openapi(produce, async (c) => {
      const { kafkaId, topic } = c.req.valid('param');
      const body = c.req.valid('json');
      const cluster = await getKafkaCluster(db, kafkaId);
      if (!cluster) throw ApiError.notFound(`Kafka cluster "${kafkaId}" is not registered`);
      const kafka = await registeredKafkaClient(deps, kafkaId);
      const metadata = await askKafka(kafkaId, () => topicMetadata(kafka, topic));
      if (body.partition !== undefined && !metadata.partitions.some((p) => p.partition === body.partition)) {
        throw ApiError.badRequest(`Topic "${topic}" has no partition ${body.partition} (it has ${metadata.partitions.length})`, 'partition');
      }
      const registryRow = body.registryId ? await getRegistry(db, body.registryId, requirePrincipal(c)) : await registryOfKafkaCluster(db, kafkaId);
      const client = registryRow ? registries.clients.get(registryRow) : undefined;
      const [key, value] = await Promise.all([encodePart(body.key, 'key', client, registries.decoders), encodePart(body.value, 'value', client, registries.decoders)]);
      const details = { partition: body.partition ?? null, keySchema: key.schema, valueSchema: value.schema, headers: (body.headers ?? []).map((h) => h.key) };
      const written = await audited(db, auditActorOf(c), { action: 'message.produce', clusterId: kafkaId, objectType: 'topic', objectId: topic, details }, () =>
        produceOne(toKafkaConnection(cluster, deps.secrets), topic, { partition: body.partition, key: key.bytes, value: value.bytes, headers: body.headers ?? [] }),
        (r) => r,
      );
      return c.json({ ...written, key: key.schema, value: value.schema }, 201);
    });
}

/** Our own refusals (a schema that is not even JSON) leave no audit entry; the registry's refusals do. */
function isRefusedBeforeRegistry(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'invalid_schema' && !error.message.startsWith('Schema registry');
}

