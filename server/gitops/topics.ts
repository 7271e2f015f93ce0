/**
 * Topics in the desired state: the changes that bring a Kafka cluster's topics to what the files describe, and
 * carrying them out through the topic console's own operations (the same checks, the same audit actions).
 * Conservative by design: partitions only grow (Kafka cannot remove them), a replication-factor change is
 * reported but not applied (it needs a partition reassignment), and prune never touches Kafka's internal
 * topics, names starting with `_`, or a Connect worker's config/offset/status topics.
 */
import { createHash } from 'node:crypto';
import { audited, isOwnRefusal } from '../audit/audited';
import type { AuditActor } from '../audit/record';
import { MetadataCache } from '../brokers/metadata-cache';
import type { ConnectInternalTopics } from '../topics/connect-internal';
import { TopicConfigHelpCache } from '../topics/config-help';
import { patchTopic } from '../topics/alter';
import { createTopic } from '../topics/create';
import { configDefinitions, type TopicCaches } from '../topics/definitions';
import { deleteTopic } from '../topics/remove';
import { configProblem } from '../topics/validation';
import type { Db } from '../db';
import type { KafkaClient } from '../kafka/client';
import { checkErrorCode } from '../kafka/protocol';
import { configEntryView } from '../brokers/configs';
import type { FieldError } from '../connect/field-errors';

export interface DesiredTopic {
  name: string;
  /** Absent: the broker's default on create; not compared on update. */
  partitions?: number;
  replicationFactor?: number;
  /** The topic-level overrides; every other config is the cluster's default. */
  config?: Record<string, string>;
}

export interface LiveTopic {
  name: string;
  partitions: number;
  replicationFactor: number;
  /** Only the configs set on the topic itself (not defaults). */
  config: Record<string, string>;
}

export type TopicAction = 'create' | 'update' | 'delete' | 'noop';

export interface TopicFieldChange {
  key: string;
  change: 'added' | 'removed' | 'changed';
  before?: string;
  after?: string;
}

export interface PlannedTopicChange {
  action: TopicAction;
  name: string;
  /** `partitions`, `replicationFactor` and `config.<key>` changes. */
  fields: TopicFieldChange[];
  /** Why apply cannot carry this out (a partition decrease, a replication-factor change, a bad config). */
  errors?: FieldError[];
}

export interface TopicServices {
  db: Db;
  caches: TopicCaches;
  connectInternal: ConnectInternalTopics;
}

export function createTopicCaches(): TopicCaches {
  return { metadataCache: new MetadataCache(), configHelp: new TopicConfigHelpCache() };
}

/** Never deleted by prune, never planned from files: Kafka's own, `_`-named, and Connect's internal topics. */
export async function isProtectedTopic(services: TopicServices, kafkaId: string, name: string, internal: boolean): Promise<boolean> {
  return internal || name.startsWith('_') || (await services.connectInternal.isInternal(kafkaId, name));
}

/**
 * The topics in scope: those the files name, plus (with prune) every unprotected topic within the prefix,
 * read with one Metadata request and one DescribeConfigs for those that exist.
 */
export async function readLiveTopics(services: TopicServices, kafka: KafkaClient, names: string[], scope: { prune: boolean; prefix?: string }): Promise<Map<string, LiveTopic>> {
  const metadata = await kafka.metadata(null);
  const wanted = new Set(names);
  const picked = [];
  for (const topic of metadata.topics) {
    if (topic.errorCode !== 0) continue;
    if (wanted.has(topic.name)) picked.push(topic);
    else if (scope.prune && (!scope.prefix || topic.name.startsWith(scope.prefix)) && !(await isProtectedTopic(services, kafka.clusterId, topic.name, topic.isInternal))) picked.push(topic);
  }
  const configs = await describeTopicConfigs(kafka, picked.map((topic) => topic.name));
  return new Map(
    picked.map((topic) => [
      topic.name,
      {
        name: topic.name,
        partitions: topic.partitions.length,
        replicationFactor: Math.max(0, ...topic.partitions.map((partition) => partition.replicas.length)),
        config: configs.get(topic.name) ?? {},
      },
    ]),
  );
}

/** Topic-level overrides of many topics in one DescribeConfigs. */
export async function describeTopicConfigs(kafka: KafkaClient, names: string[]): Promise<Map<string, Record<string, string>>> {
  if (names.length === 0) return new Map();
  const described = await kafka.describeConfigs('any', { resources: names.map((name) => ({ type: 'topic' as const, name, configNames: null })), includeSynonyms: false, includeDocumentation: false });
  const result = new Map<string, Record<string, string>>();
  for (const resource of described.resources) {
    checkErrorCode(resource.errorCode, `DescribeConfigs topic "${resource.name}"`, resource.errorMessage);
    const own: Record<string, string> = {};
    for (const entry of resource.configs.map((config) => configEntryView(config, 'topic'))) if (!entry.isDefault && entry.value !== null) own[entry.name] = entry.value;
    result.set(resource.name, own);
  }
  return result;
}

/** The changes, with every problem collected per topic (a plan shows them all; apply refuses while any is left). */
export async function planTopics(
  services: TopicServices,
  kafka: KafkaClient,
  desired: DesiredTopic[],
  live: Map<string, LiveTopic>,
  scope: { prune: boolean },
): Promise<PlannedTopicChange[]> {
  const metadata = await kafka.metadata(null);
  const brokers = metadata.brokers.length;
  const internal = new Set(metadata.topics.filter((topic) => topic.isInternal).map((topic) => topic.name));
  const definitions = await configDefinitions(kafka, services.caches);
  const changes: PlannedTopicChange[] = [];
  for (const topic of desired) {
    const errors: FieldError[] = [];
    const config = topic.config ?? {};
    if (await isProtectedTopic(services, kafka.clusterId, topic.name, internal.has(topic.name))) {
      errors.push({ name: 'name', errors: [`topic "${topic.name}" is internal (Kafka's, "_"-named or a Connect worker's): plan/apply does not manage it`] });
    }
    for (const [key, value] of Object.entries(config)) {
      const problem = configProblem(key, value, definitions);
      if (problem) errors.push({ name: `config.${key}`, errors: [problem] });
    }
    const current = live.get(topic.name);
    const replication = topic.replicationFactor ?? current?.replicationFactor ?? 0;
    const minInsync = config['min.insync.replicas'];
    if (minInsync !== undefined && replication > 0 && Number(minInsync) > replication) {
      errors.push({ name: 'config.min.insync.replicas', errors: [`is ${minInsync} but the replication factor is ${replication}: every acks=all write would fail`] });
    }
    if (!current) {
      if (topic.replicationFactor !== undefined && topic.replicationFactor > brokers) {
        errors.push({ name: 'replicationFactor', errors: [`${topic.replicationFactor} needs ${topic.replicationFactor} brokers; Kafka cluster "${kafka.clusterId}" has ${brokers}`] });
      }
      const fields: TopicFieldChange[] = [
        ...(topic.partitions !== undefined ? [{ key: 'partitions', change: 'added' as const, after: String(topic.partitions) }] : []),
        ...(topic.replicationFactor !== undefined ? [{ key: 'replicationFactor', change: 'added' as const, after: String(topic.replicationFactor) }] : []),
        ...Object.keys(config).sort().map((key) => ({ key: `config.${key}`, change: 'added' as const, after: config[key] })),
      ];
      changes.push({ action: 'create', name: topic.name, fields, ...(errors.length ? { errors } : {}) });
      continue;
    }
    const fields: TopicFieldChange[] = [];
    if (topic.partitions !== undefined && topic.partitions !== current.partitions) {
      fields.push({ key: 'partitions', change: 'changed', before: String(current.partitions), after: String(topic.partitions) });
      if (topic.partitions < current.partitions) {
        errors.push({ name: 'partitions', errors: [`topic "${topic.name}" has ${current.partitions} partitions; Kafka can add partitions but never remove them (the files say ${topic.partitions})`] });
      }
    }
    if (topic.replicationFactor !== undefined && topic.replicationFactor !== current.replicationFactor) {
      fields.push({ key: 'replicationFactor', change: 'changed', before: String(current.replicationFactor), after: String(topic.replicationFactor) });
      errors.push({ name: 'replicationFactor', errors: [`changing the replication factor (${current.replicationFactor} → ${topic.replicationFactor}) is not supported by apply yet: it needs a partition reassignment`] });
    }
    for (const key of [...new Set([...Object.keys(current.config), ...Object.keys(config)])].sort()) {
      const had = Object.hasOwn(current.config, key);
      const has = Object.hasOwn(config, key);
      if (had && has && current.config[key] === config[key]) continue;
      if (had && !has) fields.push({ key: `config.${key}`, change: 'removed', before: current.config[key] });
      else if (!had) fields.push({ key: `config.${key}`, change: 'added', after: config[key] });
      else fields.push({ key: `config.${key}`, change: 'changed', before: current.config[key], after: config[key] });
    }
    changes.push({ action: fields.length > 0 ? 'update' : 'noop', name: topic.name, fields, ...(errors.length ? { errors } : {}) });
  }
  if (scope.prune) {
    const wanted = new Set(desired.map((topic) => topic.name));
    for (const name of [...live.keys()].sort()) if (!wanted.has(name)) changes.push({ action: 'delete', name, fields: [] });
  }
  const order: Record<TopicAction, number> = { create: 0, update: 1, delete: 2, noop: 3 };
  return changes.sort((a, b) => order[a.action] - order[b.action] || a.name.localeCompare(b.name));
}

/** Per topic, a short hash of what the plan compared (partitions, replication, overrides). */
export function observedTopics(live: Map<string, LiveTopic>): Record<string, string> {
  const observed: Record<string, string> = {};
  for (const name of [...live.keys()].sort()) {
    const topic = live.get(name)!;
    const config = Object.keys(topic.config).sort().map((key) => `${key}=${topic.config[key]}`);
    observed[`topic:${name}`] = createHash('sha256').update([topic.partitions, topic.replicationFactor, ...config].join('\n')).digest('hex').slice(0, 16);
  }
  return observed;
}

/** One change, through the topic console's own operation and audit action. */
export async function applyTopicChange(services: TopicServices, kafka: KafkaClient, who: AuditActor, change: PlannedTopicChange, desired: DesiredTopic | undefined): Promise<void> {
  const base = { clusterId: kafka.clusterId, objectType: 'topic', objectId: change.name };
  switch (change.action) {
    case 'create': {
      const input = { name: change.name, partitions: desired!.partitions, replicationFactor: desired!.replicationFactor, configs: desired!.config ?? {} };
      const entry = { ...base, action: 'topic.create', details: { partitions: input.partitions, replicationFactor: input.replicationFactor, configs: input.configs, via: 'gitops' } };
      await audited(services.db, who, entry, () => createTopic(kafka, services.caches, input), () => ({}), isOwnRefusal);
      return;
    }
    case 'update': {
      const set: Record<string, string> = {};
      const remove: string[] = [];
      for (const field of change.fields) {
        if (!field.key.startsWith('config.')) continue;
        const key = field.key.slice('config.'.length);
        if (field.change === 'removed') remove.push(key);
        else set[key] = field.after!;
      }
      const partitions = change.fields.some((field) => field.key === 'partitions') ? desired!.partitions : undefined;
      const patch = { configs: { set, delete: remove }, ...(partitions !== undefined ? { partitions } : {}) };
      const entry = { ...base, action: 'topic.update', details: { configs: patch.configs, partitions, via: 'gitops' } };
      await audited(services.db, who, entry, () => patchTopic(kafka, services.caches, change.name, patch), (result) => ({ partitionsBefore: result.partitionsBefore }), isOwnRefusal);
      return;
    }
    case 'delete': {
      const entry = { ...base, action: 'topic.delete', details: { via: 'gitops' } };
      await audited(services.db, who, entry, () => deleteTopic(kafka, services.caches.metadataCache, change.name, change.name), (result) => result, isOwnRefusal);
      return;
    }
    case 'noop':
      return;
  }
}

/** Export: every unprotected topic (within the prefix) with its partitions, replication and topic-level overrides. */
export async function exportTopics(services: TopicServices, kafka: KafkaClient, prefix: string | undefined): Promise<LiveTopic[]> {
  const metadata = await kafka.metadata(null);
  const names: string[] = [];
  for (const topic of metadata.topics) {
    if (topic.errorCode !== 0 || (prefix && !topic.name.startsWith(prefix))) continue;
    if (!(await isProtectedTopic(services, kafka.clusterId, topic.name, topic.isInternal))) names.push(topic.name);
  }
  const live = await readLiveTopics(services, kafka, names, { prune: false });
  return [...live.values()].sort((a, b) => a.name.localeCompare(b.name));
}

