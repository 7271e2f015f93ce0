/**
 * Replication throttles set as `kafka-reassign-partitions --throttle` sets them: a rate on every broker a move
 * involves (`leader.replication.throttled.rate`, `follower.replication.throttled.rate`), and on every topic moved
 * the replicas the rate applies to (`leader.replication.throttled.replicas`: the current replicas sending,
 * `follower.replication.throttled.replicas`: the new ones receiving). Removed again when the plan ends, however it ends.
 */
import type { KafkaClient } from '../kafka/client';
import { checkErrorCode, type ConfigAlteration } from '../kafka/protocol';

export interface ThrottledMove {
  topic: string;
  partition: number;
  from: number[];
  to: number[];
}

export const BROKER_THROTTLE_KEYS = ['leader.replication.throttled.rate', 'follower.replication.throttled.rate'] as const;
export const TOPIC_THROTTLE_KEYS = ['leader.replication.throttled.replicas', 'follower.replication.throttled.replicas'] as const;

export function throttleTargets(moves: ThrottledMove[]): { brokers: number[]; topics: string[] } {
  const brokers = new Set<number>();
  const topics = new Set<string>();
  for (const move of moves) {
    const added = move.to.filter((id) => !move.from.includes(id));
    if (added.length === 0) continue; // a reordering copies nothing
    topics.add(move.topic);
    for (const id of [...move.from, ...move.to]) brokers.add(id);
  }
  return { brokers: [...brokers].sort((a, b) => a - b), topics: [...topics].sort() };
}

/** `partition:broker` lists per topic, as the reassignment tool writes them. */
function replicaLists(moves: ThrottledMove[]): Map<string, { leader: string[]; follower: string[] }> {
  const lists = new Map<string, { leader: string[]; follower: string[] }>();
  for (const move of moves) {
    const added = move.to.filter((id) => !move.from.includes(id));
    if (added.length === 0) continue;
    const entry = lists.get(move.topic) ?? { leader: [], follower: [] };
    entry.leader.push(...move.from.map((id) => `${move.partition}:${id}`));
    entry.follower.push(...added.map((id) => `${move.partition}:${id}`));
    lists.set(move.topic, entry);
  }
  return lists;
}

const brokerRates = (brokers: number[], bytesPerSecond: number) => {
  const rate = String(Math.max(1, Math.round(bytesPerSecond)));
  return brokers.map((id) => ({ type: 'broker' as const, name: String(id), configs: BROKER_THROTTLE_KEYS.map((name): ConfigAlteration => ({ name, operation: 'set', value: rate })) }));
};

export async function setThrottles(kafka: KafkaClient, moves: ThrottledMove[], bytesPerSecond: number): Promise<void> {
  const resources = [
    ...brokerRates(throttleTargets(moves).brokers, bytesPerSecond),
    ...[...replicaLists(moves)].map(([topic, lists]) => ({
      type: 'topic' as const,
      name: topic,
      configs: [
        { name: TOPIC_THROTTLE_KEYS[0], operation: 'set', value: lists.leader.join(',') },
        { name: TOPIC_THROTTLE_KEYS[1], operation: 'set', value: lists.follower.join(',') },
      ] satisfies ConfigAlteration[],
    })),
  ];
  for (const result of await alter(kafka, resources)) checkErrorCode(result.errorCode, `throttle on ${result.type} ${result.name}`, result.errorMessage);
}

/** A new rate on brokers already throttled (the operator changed it mid-flight). */
export async function setBrokerRates(kafka: KafkaClient, brokers: number[], bytesPerSecond: number): Promise<void> {
  for (const result of await alter(kafka, brokerRates(brokers, bytesPerSecond))) checkErrorCode(result.errorCode, `throttle on broker ${result.name}`, result.errorMessage);
}

type Resource = { type: 'broker' | 'topic'; name: string; configs: ConfigAlteration[] };

/** A broker's own configs go to that broker (as Kafka's admin client sends them), topics' to any. */
async function alter(kafka: KafkaClient, resources: Resource[]) {
  const topics = resources.filter((r) => r.type === 'topic');
  const answers = await Promise.all([
    ...(topics.length > 0 ? [kafka.incrementalAlterConfigs('any', { resources: topics, validateOnly: false })] : []),
    ...resources.filter((r) => r.type === 'broker').map((r) => kafka.incrementalAlterConfigs({ nodeId: Number(r.name) }, { resources: [r], validateOnly: false })),
  ]);
  return answers.flatMap((answer) => answer.results);
}

/** Deletes the throttle keys; a topic deleted meanwhile has nothing left to clean. */
export async function removeThrottles(kafka: KafkaClient, targets: { brokers: number[]; topics: string[] }): Promise<void> {
  const resources = [
    ...targets.brokers.map((id) => ({ type: 'broker' as const, name: String(id), configs: BROKER_THROTTLE_KEYS.map((name): ConfigAlteration => ({ name, operation: 'delete', value: null })) })),
    ...targets.topics.map((topic) => ({ type: 'topic' as const, name: topic, configs: TOPIC_THROTTLE_KEYS.map((name): ConfigAlteration => ({ name, operation: 'delete', value: null })) })),
  ];
  const UNKNOWN_TOPIC = 3;
  for (const result of await alter(kafka, resources)) if (result.errorCode !== UNKNOWN_TOPIC) checkErrorCode(result.errorCode, `removing the throttle on ${result.type} ${result.name}`, result.errorMessage);
}
