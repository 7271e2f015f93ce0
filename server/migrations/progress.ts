/**
 * How far a migration is, read live from both clusters through the app's Kafka clients: per partition the source's
 * and the target's log-end offsets (messages behind, and time behind from the newest record timestamps, which
 * MirrorMaker 2 keeps); per group the source's committed offsets beside the translated ones on the target, with the
 * cut-over checklist; per topic whether the configs arrived. Pure reads: nothing is written to either cluster.
 */
import type { MigrationOptions, MigrationSelection } from '../db/tables';
import type { KafkaClient } from '../kafka/client';
import { latestRecordTimes, listOffsets, partitionKey, partitionLeaders } from '../kafka/offsets';
import { ListGroups } from '../kafka/protocol/apis/list-groups';
import { readLiveGroup } from '../consumer-groups/live';
import { checkpointKey, latestCheckpoints, type Checkpoint } from './checkpoints';
import { targetTopicName } from './plan';
import { selectedGroups, selectedTopics } from './selection';

/** No record on the source for this long: its producers count as stopped. */
export const PRODUCERS_QUIET_MS = 10_000;
/** Topic configs MirrorMaker 2 does not copy (its DefaultConfigPropertyFilter), so they are not compared. */
const NOT_SYNCED_CONFIGS = new Set([
  'follower.replication.throttled.replicas', 'leader.replication.throttled.replicas', 'message.timestamp.difference.max.ms',
  'message.timestamp.type', 'unclean.leader.election.enable', 'min.insync.replicas',
]);

export interface PartitionProgress {
  partition: number;
  sourceEnd: number;
  targetEnd: number | null;
  behind: number;
  /** Newest source record time minus newest target record time; 0 when nothing is behind, null before anything arrived. */
  timeBehindMs: number | null;
}

export interface TopicProgress {
  topic: string;
  targetTopic: string;
  existsOnTarget: boolean;
  behind: number;
  timeBehindMs: number;
  partitions: PartitionProgress[];
  /** Configs set on the source topic and whether the target has the same value. */
  configs: { name: string; source: string | null; target: string | null; inSync: boolean }[];
  configsInSync: boolean;
}

export interface GroupPartitionProgress {
  topic: string;
  partition: number;
  sourceCommitted: number | null;
  targetCommitted: number | null;
  /** MirrorMaker 2's newest checkpoint: the source offset it translated and the target offset it got. */
  checkpoint: { upstreamOffset: number; downstreamOffset: number } | null;
  /** Messages a consumer starting on the target at its committed offset reads again (see reReadOf). */
  predictedReRead: number | null;
}

export interface ChecklistStep {
  id: 'consumers-stopped' | 'checkpoint-caught-up' | 'start-on-target' | 'producers-stopped' | 'target-has-everything';
  ok: boolean;
  detail: string;
}

export interface GroupProgress {
  groupId: string;
  sourceState: string;
  sourceMembers: number;
  targetState: string;
  targetMembers: number;
  partitions: GroupPartitionProgress[];
  predictedReRead: number;
  checklist: ChecklistStep[];
  ready: boolean;
}

export interface Progress {
  phase: 'copying' | 'caught-up' | 'ready';
  topics: TopicProgress[];
  groups: GroupProgress[];
  totals: { sourceMessages: number; behind: number; timeBehindMs: number };
  producers: { lastSourceRecordAt: string | null; stopped: boolean; targetHasEverything: boolean; checklist: ChecklistStep[] };
  errors: string[];
}

export interface ProgressInput {
  topics: MigrationSelection;
  groups: MigrationSelection;
  options: MigrationOptions;
  now?: number;
}

export async function sourceTopicNames(kafka: KafkaClient): Promise<string[]> {
  const metadata = await kafka.metadata(null);
  return metadata.topics.filter((topic) => topic.errorCode === 0 && !topic.isInternal).map((topic) => topic.name);
}

export async function sourceGroupIds(kafka: KafkaClient): Promise<string[]> {
  const { brokers } = await kafka.brokers();
  const answers = await Promise.allSettled(brokers.map((broker) => kafka.send(broker.nodeId, ListGroups, {})));
  const ids = new Set<string>();
  for (const answer of answers) {
    if (answer.status !== 'fulfilled') continue;
    for (const group of answer.value.groups) if (group.protocolType === 'consumer' || group.protocolType === '') ids.add(group.groupId);
  }
  return [...ids];
}

export async function readProgress(source: KafkaClient, target: KafkaClient, input: ProgressInput): Promise<Progress> {
  const errors: string[] = [];
  const now = input.now ?? Date.now();
  const topics = selectedTopics(input.topics, await sourceTopicNames(source));
  const rename = (topic: string) => targetTopicName(topic, input.options);
  const [sourceSide, targetSide] = await Promise.all([
    endsAndTimes(source, topics, errors),
    endsAndTimes(target, topics.map(rename), errors),
  ]);
  const configs = await compareConfigs(source, target, topics, rename, errors);
  const topicProgress = topics.map((topic): TopicProgress => {
    const targetTopic = rename(topic);
    const partitions = [...sourceSide.ends].filter(([key]) => key.startsWith(`${topic}:`) && key.slice(topic.length + 1).match(/^\d+$/)).map(([key, sourceEnd]) => {
      const partition = Number(key.slice(topic.length + 1));
      const targetKey = partitionKey(targetTopic, partition);
      const targetEnd = targetSide.ends.get(targetKey) ?? null;
      const copied = targetEnd === null ? 0 : targetEnd - (targetSide.starts.get(targetKey) ?? 0);
      const behind = Math.max(0, sourceEnd - (sourceSide.starts.get(key) ?? 0) - copied);
      const sourceTime = sourceSide.times.get(key);
      const targetTime = targetSide.times.get(targetKey);
      // nothing copied yet: unknown (null), not zero
      const timeBehindMs = behind === 0 || sourceTime === undefined ? 0 : targetTime === undefined ? null : Math.max(0, sourceTime - targetTime);
      return { partition, sourceEnd, targetEnd, behind, timeBehindMs };
    }).sort((a, b) => a.partition - b.partition);
    const topicConfigs = configs.get(topic) ?? [];
    return {
      topic,
      targetTopic,
      existsOnTarget: partitions.some((p) => p.targetEnd !== null),
      behind: sum(partitions.map((p) => p.behind)),
      timeBehindMs: Math.max(0, ...partitions.map((p) => p.timeBehindMs ?? 0)),
      partitions,
      configs: topicConfigs,
      configsInSync: !input.options.syncTopicConfigs || topicConfigs.every((c) => c.inSync),
    };
  });
  const caughtUp = topicProgress.length > 0 && topicProgress.every((t) => t.existsOnTarget && t.behind === 0);
  const offsetDelta = (topic: string, partition: number): number | null => {
    const sourceEnd = sourceSide.ends.get(partitionKey(topic, partition));
    const targetEnd = targetSide.ends.get(partitionKey(rename(topic), partition));
    return sourceEnd === undefined || targetEnd === undefined ? null : targetEnd - sourceEnd;
  };
  const groupIds = selectedGroups(input.groups, await sourceGroupIds(source));
  const checkpoints = groupIds.length > 0 ? await latestCheckpoints(target, input.options.sourceAlias) : new Map<string, Checkpoint>();
  const groups = await Promise.all(groupIds.map((groupId) => groupProgress(source, target, groupId, { topics, rename, caughtUp, offsetDelta, checkpoints }, errors)));

  const newest = Math.max(-1, ...sourceSide.times.values());
  const stopped = newest < 0 || now - newest >= PRODUCERS_QUIET_MS;
  const producerChecklist: ChecklistStep[] = [
    { id: 'producers-stopped', ok: stopped, detail: newest < 0 ? 'No record on the source yet' : `Newest source record ${Math.round((now - newest) / 1000)} s ago (producers count as stopped after ${PRODUCERS_QUIET_MS / 1000} s)` },
    { id: 'target-has-everything', ok: caughtUp, detail: caughtUp ? 'The target has every message of the source' : `${sum(topicProgress.map((t) => t.behind))} message(s) not on the target yet` },
  ];
  const ready = caughtUp && stopped && groups.every((g) => g.ready);
  return {
    phase: ready ? 'ready' : caughtUp ? 'caught-up' : 'copying',
    topics: topicProgress,
    groups,
    totals: {
      sourceMessages: sum(topics.flatMap((topic) => [...sourceSide.ends].filter(([key]) => key.startsWith(`${topic}:`)).map(([key, end]) => end - (sourceSide.starts.get(key) ?? 0)))),
      behind: sum(topicProgress.map((t) => t.behind)),
      timeBehindMs: Math.max(0, ...topicProgress.map((t) => t.timeBehindMs)),
    },
    producers: { lastSourceRecordAt: newest < 0 ? null : new Date(newest).toISOString(), stopped, targetHasEverything: caughtUp, checklist: producerChecklist },
    errors,
  };
}

interface GroupContext {
  topics: string[];
  rename: (topic: string) => string;
  caughtUp: boolean;
  offsetDelta: (topic: string, partition: number) => number | null;
  checkpoints: Map<string, Checkpoint>;
}

/**
 * What a consumer starting on the target re-reads: the target offset matching the source's committed offset
 * (source offset + the partition's target−source offset difference, exact once caught up) minus where it starts.
 * MirrorMaker 2 translates to the newest offset sync at or before the committed offset, so this is ≥ 0.
 */
export function reReadOf(sourceCommitted: number, targetCommitted: number, offsetDelta: number): number {
  return Math.max(0, sourceCommitted + offsetDelta - targetCommitted);
}

async function groupProgress(source: KafkaClient, target: KafkaClient, groupId: string, ctx: GroupContext, errors: string[]): Promise<GroupProgress> {
  const [onSource, onTarget] = await Promise.all([readLiveGroup(source, groupId), readLiveGroup(target, groupId).catch((error: unknown) => {
    errors.push(`group ${groupId} on the target: ${(error as Error).message}`);
    return undefined;
  })]);
  const partitions: GroupPartitionProgress[] = [];
  for (const [key, sourceCommitted] of onSource.committed) {
    const at = key.lastIndexOf(':');
    const topic = key.slice(0, at);
    const partition = Number(key.slice(at + 1));
    if (!ctx.topics.includes(topic)) continue;
    const targetTopic = ctx.rename(topic);
    const targetCommitted = onTarget?.committed.get(partitionKey(targetTopic, partition)) ?? null;
    const found = ctx.checkpoints.get(checkpointKey(groupId, targetTopic, partition));
    const delta = ctx.offsetDelta(topic, partition);
    partitions.push({
      topic,
      partition,
      sourceCommitted,
      targetCommitted,
      checkpoint: found ? { upstreamOffset: found.upstreamOffset, downstreamOffset: found.downstreamOffset } : null,
      predictedReRead: targetCommitted === null || delta === null ? null : reReadOf(sourceCommitted, targetCommitted, delta),
    });
  }
  partitions.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  const sourceMembers = onSource.members.length;
  const empty = sourceMembers === 0 && ['empty', 'dead'].includes(onSource.state.toLowerCase());
  const translated = partitions.length > 0 && partitions.every((p) => p.checkpoint !== null && p.checkpoint.upstreamOffset === p.sourceCommitted && p.targetCommitted === p.checkpoint.downstreamOffset);
  const predictedReRead = sum(partitions.map((p) => p.predictedReRead ?? 0));
  const lagging = partitions.filter((p) => !(p.checkpoint && p.checkpoint.upstreamOffset === p.sourceCommitted && p.targetCommitted === p.checkpoint.downstreamOffset)).length;
  const checklist: ChecklistStep[] = [
    { id: 'consumers-stopped', ok: empty, detail: empty ? `No consumer in the group on the source (${onSource.state})` : `${sourceMembers} consumer(s) still in the group on the source (${onSource.state}): stop them` },
    {
      id: 'checkpoint-caught-up',
      ok: empty && translated,
      detail: partitions.length === 0 ? 'The group has no committed offsets on the migrated topics' : translated ? 'The target holds the translation of every committed offset' : `${lagging} of ${partitions.length} partition(s) not translated yet (MirrorMaker 2 checkpoints every few seconds)`,
    },
    {
      id: 'start-on-target',
      ok: empty && translated && ctx.caughtUp,
      detail: `Consumers started on the target re-read ${predictedReRead} message(s): a translated offset lands on the newest offset sync at or before the committed one, so a few messages come again; nothing is skipped`,
    },
  ];
  return {
    groupId,
    sourceState: onSource.state,
    sourceMembers,
    targetState: onTarget?.state ?? 'unknown',
    targetMembers: onTarget?.members.length ?? 0,
    partitions,
    predictedReRead,
    checklist,
    ready: checklist.every((step) => step.ok),
  };
}

interface Side {
  starts: Map<string, number>;
  ends: Map<string, number>;
  times: Map<string, number>;
}

async function endsAndTimes(kafka: KafkaClient, topics: string[], errors: string[]): Promise<Side> {
  if (topics.length === 0) return { starts: new Map(), ends: new Map(), times: new Map() };
  const { leaders } = await partitionLeaders(kafka, topics, errors);
  const [starts, ends, times] = await Promise.all([
    listOffsets(kafka, leaders, 'earliest', errors),
    listOffsets(kafka, leaders, 'latest', errors),
    latestRecordTimes(kafka, leaders, errors),
  ]);
  return { starts, ends, times };
}

async function compareConfigs(source: KafkaClient, target: KafkaClient, topics: string[], rename: (t: string) => string, errors: string[]): Promise<Map<string, TopicProgress['configs']>> {
  const result = new Map<string, TopicProgress['configs']>();
  if (topics.length === 0) return result;
  const describe = (kafka: KafkaClient, names: string[]) =>
    kafka.describeConfigs('any', { resources: names.map((name) => ({ type: 'topic' as const, name, configNames: null })), includeSynonyms: false, includeDocumentation: false });
  try {
    const [fromSource, fromTarget] = await Promise.all([describe(source, topics), describe(target, topics.map(rename))]);
    for (const topic of topics) {
      const own = fromSource.resources.find((r) => r.name === topic);
      const copy = fromTarget.resources.find((r) => r.name === rename(topic));
      const set = (own?.configs ?? []).filter((c) => c.source === 'DYNAMIC_TOPIC_CONFIG' && !NOT_SYNCED_CONFIGS.has(c.name));
      result.set(topic, set.map((c) => {
        const targetValue = copy && copy.errorCode === 0 ? (copy.configs.find((t) => t.name === c.name)?.value ?? null) : null;
        return { name: c.name, source: c.value, target: targetValue, inSync: targetValue === c.value };
      }));
    }
  } catch (error) {
    errors.push(`topic configs: ${(error as Error).message}`);
  }
  return result;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
