/**
 * Checks a migration request against the registry and the source cluster before anything is created: every
 * refusal is a 400 naming the field (same cluster twice, unknown clusters, a Connect cluster writing elsewhere,
 * a pattern that matches nothing or does not compile, names the source lacks).
 */
import { getConnectCluster, getKafkaCluster, type ConnectCluster, type KafkaCluster } from '../clusters/registry';
import type { Db } from '../db';
import type { MigrationSelection } from '../db/tables';
import { ApiError } from '../http/errors';
import type { KafkaClient } from '../kafka/client';
import { compilePattern, selectedGroups, selectedTopics } from './selection';
import { sourceGroupIds, sourceTopicNames } from './progress';

export interface CheckedClusters {
  source: KafkaCluster;
  target: KafkaCluster;
  connect: ConnectCluster;
}

export async function checkClusters(db: Db, body: { source: string; target: string; connect: string }): Promise<CheckedClusters> {
  if (body.source === body.target) throw ApiError.badRequest(`Source and target are the same Kafka cluster "${body.source}": a migration copies to another cluster`, 'target');
  const [source, target, connect] = await Promise.all([getKafkaCluster(db, body.source), getKafkaCluster(db, body.target), getConnectCluster(db, body.connect)]);
  if (!source) throw ApiError.badRequest(`Kafka cluster "${body.source}" is not registered`, 'source');
  if (!target) throw ApiError.badRequest(`Kafka cluster "${body.target}" is not registered`, 'target');
  if (!connect) throw ApiError.badRequest(`Connect cluster "${body.connect}" is not registered`, 'connect');
  if (connect.workers.length === 0) throw ApiError.badRequest(`Connect cluster "${body.connect}" has no workers registered`, 'connect');
  // MirrorSourceConnector's records go out through the worker's own producer: the Connect cluster must sit beside the target
  if (connect.kafkaClusterId !== target.id) {
    const writesTo = connect.kafkaClusterId ? `Kafka cluster "${connect.kafkaClusterId}"` : 'a Kafka cluster not linked in its registration';
    throw ApiError.badRequest(`Connect cluster "${connect.id}" writes to ${writesTo}, not to the target "${target.id}": run the migration on the Connect cluster beside the target`, 'connect');
  }
  return { source, target, connect };
}

export function checkPattern(selection: MigrationSelection, field: 'topics' | 'groups'): void {
  if (!('pattern' in selection)) return;
  try {
    compilePattern(selection.pattern);
  } catch (error) {
    throw ApiError.badRequest(`${field}.pattern is not a valid regular expression: ${(error as Error).message}`, `${field}.pattern`);
  }
}

/** The source topics and groups the selections name; refused when they name nothing, or names the source lacks. */
export async function checkSelections(source: KafkaClient, sourceId: string, topics: MigrationSelection, groups: MigrationSelection): Promise<{ topics: string[]; groups: string[] }> {
  checkPattern(topics, 'topics');
  checkPattern(groups, 'groups');
  const topicNames = await sourceTopicNames(source);
  const chosenTopics = selectedTopics(topics, topicNames);
  if ('names' in topics) {
    const missing = topics.names.filter((name) => !chosenTopics.includes(name));
    if (missing.length > 0) throw ApiError.badRequest(`Kafka cluster "${sourceId}" has no topic ${missing.map((m) => `"${m}"`).join(', ')} (or it is internal)`, 'topics');
  }
  if (chosenTopics.length === 0) throw ApiError.badRequest(`topics.pattern "${'pattern' in topics ? topics.pattern : ''}" matches no topic on Kafka cluster "${sourceId}"`, 'topics.pattern');
  const groupIds = await sourceGroupIds(source);
  const chosenGroups = selectedGroups(groups, groupIds);
  if ('pattern' in groups && chosenGroups.length === 0) throw ApiError.badRequest(`groups.pattern "${groups.pattern}" matches no consumer group on Kafka cluster "${sourceId}"`, 'groups.pattern');
  if ('names' in groups) {
    const missing = groups.names.filter((name) => !groupIds.includes(name));
    if (missing.length > 0) throw ApiError.badRequest(`Kafka cluster "${sourceId}" has no consumer group ${missing.map((m) => `"${m}"`).join(', ')}`, 'groups');
  }
  return { topics: chosenTopics, groups: chosenGroups };
}
