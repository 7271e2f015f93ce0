/**
 * Templates for the grants people ask for most, each expanding into the bindings Kafka's authorizer checks for
 * that client (Kafka's "Operations and Resources on Protocols" table). Only ALLOW bindings; a template never
 * names the CLUSTER resource, so applying one cannot widen what a principal may do to the whole cluster.
 */
import type { AclBinding, AclOperation } from '../kafka/protocol';

export interface ProducerParams {
  topic: string;
  patternType?: 'LITERAL' | 'PREFIXED';
  transactionalId?: string;
}
export interface ConsumerParams {
  topic: string;
  group: string;
  patternType?: 'LITERAL' | 'PREFIXED';
}
export interface ConnectWorkerParams {
  group: string;
  configTopic: string;
  offsetTopic: string;
  statusTopic: string;
}
export interface DebeziumParams {
  topicPrefix: string;
  schemaHistoryTopic?: string;
}

export type TemplateRequest = { principal: string; host?: string } & (
  | ({ template: 'producer' } & ProducerParams)
  | ({ template: 'consumer' } & ConsumerParams)
  | ({ template: 'connect-worker' } & ConnectWorkerParams)
  | ({ template: 'debezium' } & DebeziumParams)
);
export type AclTemplateId = TemplateRequest['template'];

export interface AclTemplate {
  id: AclTemplateId;
  title: string;
  description: string;
  /** The body fields the template takes besides `template`, `principal` and `host`. */
  fields: { name: string; required: boolean; description: string }[];
}

export const ACL_TEMPLATES: readonly AclTemplate[] = [
  {
    id: 'producer',
    title: 'Producer on a topic',
    description: 'WRITE and DESCRIBE on the topic (or every topic with the prefix); with a transactional id, WRITE and DESCRIBE on it too. Idempotence needs nothing more since Kafka 3.0 (KIP-679).',
    fields: [
      { name: 'topic', required: true, description: 'The topic, or a prefix with patternType PREFIXED' },
      { name: 'patternType', required: false, description: 'LITERAL (default) or PREFIXED' },
      { name: 'transactionalId', required: false, description: 'For a transactional producer: its transactional.id' },
    ],
  },
  {
    id: 'consumer',
    title: 'Consumer of a topic in a group',
    description: 'READ and DESCRIBE on the topic (or prefix), READ on the consumer group (joining it and committing offsets).',
    fields: [
      { name: 'topic', required: true, description: 'The topic, or a prefix with patternType PREFIXED' },
      { name: 'group', required: true, description: 'The consumer group id' },
      { name: 'patternType', required: false, description: 'LITERAL (default) or PREFIXED' },
    ],
  },
  {
    id: 'connect-worker',
    title: 'Kafka Connect worker',
    description:
      'What a distributed Connect worker needs for itself: READ on its group, and READ, WRITE, DESCRIBE, CREATE and DESCRIBE_CONFIGS on its three internal topics (it creates them and checks their cleanup policy). Connectors’ own topics need their own grants.',
    fields: [
      { name: 'group', required: true, description: 'The workers’ group.id' },
      { name: 'configTopic', required: true, description: 'config.storage.topic' },
      { name: 'offsetTopic', required: true, description: 'offset.storage.topic' },
      { name: 'statusTopic', required: true, description: 'status.storage.topic' },
    ],
  },
  {
    id: 'debezium',
    title: 'Debezium source connector',
    description:
      'WRITE, DESCRIBE, CREATE and DESCRIBE_CONFIGS on every topic starting with "<topicPrefix>." (the change-event topics, which Connect creates); with a schema history topic (MySQL, MariaDB), READ, WRITE, DESCRIBE and CREATE on it. For the principal the connector’s producer uses (the worker’s, or a producer.override).',
    fields: [
      { name: 'topicPrefix', required: true, description: 'The connector’s topic.prefix' },
      { name: 'schemaHistoryTopic', required: false, description: 'schema.history.internal.kafka.topic' },
    ],
  },
];

/** The bindings a template request stands for, in a stable order. */
export function expandTemplate(request: TemplateRequest): AclBinding[] {
  const grant = (resourceType: 'TOPIC' | 'GROUP' | 'TRANSACTIONAL_ID', resourceName: string, operations: AclOperation[], patternType: 'LITERAL' | 'PREFIXED' = 'LITERAL') =>
    operations.map((operation): AclBinding => ({ resourceType, resourceName, patternType, principal: request.principal, host: request.host ?? '*', operation, permissionType: 'ALLOW' }));
  switch (request.template) {
    case 'producer':
      return [
        ...grant('TOPIC', request.topic, ['WRITE', 'DESCRIBE'], request.patternType),
        ...(request.transactionalId ? grant('TRANSACTIONAL_ID', request.transactionalId, ['WRITE', 'DESCRIBE']) : []),
      ];
    case 'consumer':
      return [...grant('TOPIC', request.topic, ['READ', 'DESCRIBE'], request.patternType), ...grant('GROUP', request.group, ['READ'])];
    case 'connect-worker':
      return [
        ...grant('GROUP', request.group, ['READ']),
        ...[request.configTopic, request.offsetTopic, request.statusTopic].flatMap((topic) => grant('TOPIC', topic, ['READ', 'WRITE', 'DESCRIBE', 'CREATE', 'DESCRIBE_CONFIGS'])),
      ];
    case 'debezium':
      return [
        ...grant('TOPIC', `${request.topicPrefix}.`, ['WRITE', 'DESCRIBE', 'CREATE', 'DESCRIBE_CONFIGS'], 'PREFIXED'),
        ...(request.schemaHistoryTopic ? grant('TOPIC', request.schemaHistoryTopic, ['READ', 'WRITE', 'DESCRIBE', 'CREATE']) : []),
      ];
  }
}
