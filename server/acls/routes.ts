import { auditActorOf } from '../audit/actor';
import { audited, isOwnRefusal } from '../audit/audited';
import { apiRoute } from '../auth/api-route';
import { PERMISSIONS } from '../auth/permissions';
import { errorResponses } from '../http/errors';
import { json } from '../http/openapi';
import { createRouter } from '../http/router';
import { askKafka } from '../kafka/api-errors';
import { registeredKafkaClient, type KafkaDeps } from '../kafka/registered';
import type { AclBinding } from '../kafka/protocol';
import {
  AclListQuerySchema,
  AclPageSchema,
  AclParamsSchema,
  AclTemplateBodySchema,
  AclTemplateListSchema,
  AclTemplateQuerySchema,
  CreateAclBodySchema,
  CreatedAclsSchema,
  DeleteAclQuerySchema,
  DeletedAclsSchema,
} from './schema';
import { createAcls, deleteAcl, listAcls } from './service';
import { ACL_TEMPLATES, expandTemplate } from './templates';

const TAGS = ['ACLs'];
const ACLS = '/clusters/{kafkaId}/acls';
/** 409: the cluster runs no authorizer (SECURITY_DISABLED); 502/503: Kafka failed or could not be reached. */
const KAFKA_ERRORS = errorResponses(404, 409, 502, 503);

const list = apiRoute({
  method: 'get',
  path: ACLS,
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'ACL bindings of a Kafka cluster, filtered',
  description: 'DescribeAcls with the filter given; every filter left out matches anything. Needs a broker running an authorizer (409 otherwise).',
  request: { params: AclParamsSchema, query: AclListQuerySchema },
  responses: { 200: { description: 'Bindings', ...json(AclPageSchema) }, ...errorResponses(400), ...KAFKA_ERRORS },
});

const create = apiRoute({
  method: 'post',
  path: ACLS,
  permission: PERMISSIONS.aclManage,
  tags: TAGS,
  summary: 'Create one ACL binding',
  description:
    'Checked before Kafka is asked, each error naming its field: the principal (`User:<name>`), the operation against the resource type (e.g. no READ on CLUSTER), the host (`*` or an IP address), the CLUSTER resource’s name. Answers once the broker lists the binding.',
  request: { params: AclParamsSchema, body: { required: true, ...json(CreateAclBodySchema) } },
  responses: { 201: { description: 'Created', ...json(CreatedAclsSchema) }, ...errorResponses(400), ...KAFKA_ERRORS },
});

const templates = apiRoute({
  method: 'get',
  path: `${ACLS}/templates`,
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'ACL templates: the grants a producer, a consumer, a Connect worker or a Debezium connector needs',
  request: { params: AclParamsSchema },
  responses: { 200: { description: 'Templates', ...json(AclTemplateListSchema) }, ...errorResponses(404) },
});

const fromTemplate = apiRoute({
  method: 'post',
  path: `${ACLS}/templates`,
  permission: PERMISSIONS.aclManage,
  tags: TAGS,
  summary: 'Create the bindings a template stands for (all or none)',
  description: 'With `?dryRun=true` only lists the bindings. When the broker refuses one binding, those already created by the request are deleted again.',
  request: { params: AclParamsSchema, query: AclTemplateQuerySchema, body: { required: true, ...json(AclTemplateBodySchema) } },
  responses: {
    200: { description: 'Dry run: the bindings, nothing created', ...json(CreatedAclsSchema) },
    201: { description: 'Created', ...json(CreatedAclsSchema) },
    ...errorResponses(400),
    ...KAFKA_ERRORS,
  },
});

const remove = apiRoute({
  method: 'delete',
  path: ACLS,
  permission: PERMISSIONS.aclManage,
  tags: TAGS,
  summary: 'Delete exactly one ACL binding',
  description: [
    'Every field of the binding is required (host defaults to `*`) and none may be a wildcard filter: one request removes at most one binding, so a typo or a missing parameter can never wipe a cluster’s ACLs (DeleteAcls itself deletes whatever a filter matches).',
    '404 when the cluster holds no such binding.',
  ].join('\n\n'),
  request: { params: AclParamsSchema, query: DeleteAclQuerySchema },
  responses: { 200: { description: 'Deleted', ...json(DeletedAclsSchema) }, ...errorResponses(400), ...KAFKA_ERRORS },
});

/** Mounted under /api/v1. */
export function aclRoutes(deps: KafkaDeps) {
  const entry = (action: string, kafkaId: string, bindings: AclBinding[], details: Record<string, unknown> = {}) => ({
    action,
    clusterId: kafkaId,
    objectType: 'acl',
    objectId: [...new Set(bindings.map((binding) => binding.principal))].join(', '),
    details: { ...details, bindings },
  });
  return createRouter()
    .openapi(list, async (c) => {
      const { kafkaId } = c.req.valid('param');
      const kafka = await registeredKafkaClient(deps, kafkaId);
      const { page, size, ...filter } = c.req.valid('query');
      return c.json(await askKafka(kafkaId, () => listAcls(kafka, filter, { page, size })), 200);
    })
    .openapi(create, async (c) => {
      const { kafkaId } = c.req.valid('param');
      const binding: AclBinding = c.req.valid('json');
      const kafka = await registeredKafkaClient(deps, kafkaId);
      const created = await askKafka(kafkaId, () =>
        audited(deps.db, auditActorOf(c), entry('acl.create', kafkaId, [binding]), () => createAcls(kafka, [binding]), undefined, isOwnRefusal),
      );
      return c.json({ created, dryRun: false }, 201);
    })
    .openapi(templates, async (c) => {
      const { kafkaId } = c.req.valid('param');
      await registeredKafkaClient(deps, kafkaId);
      return c.json({ items: ACL_TEMPLATES.map((template) => ({ ...template, fields: [...template.fields] })) }, 200);
    })
    .openapi(fromTemplate, async (c) => {
      const { kafkaId } = c.req.valid('param');
      const request = c.req.valid('json');
      const bindings = expandTemplate(request);
      const kafka = await registeredKafkaClient(deps, kafkaId);
      if (c.req.valid('query').dryRun) return c.json({ created: bindings, dryRun: true }, 200);
      const created = await askKafka(kafkaId, () =>
        audited(deps.db, auditActorOf(c), entry('acl.create', kafkaId, bindings, { template: request.template }), () => createAcls(kafka, bindings), undefined, isOwnRefusal),
      );
      return c.json({ created, dryRun: false }, 201);
    })
    .openapi(remove, async (c) => {
      const { kafkaId } = c.req.valid('param');
      const binding: AclBinding = c.req.valid('query');
      const kafka = await registeredKafkaClient(deps, kafkaId);
      const deleted = await askKafka(kafkaId, () =>
        audited(deps.db, auditActorOf(c), entry('acl.delete', kafkaId, [binding]), () => deleteAcl(kafka, binding), (result) => ({ deleted: result.length }), isOwnRefusal),
      );
      return c.json({ deleted }, 200);
    });
}
