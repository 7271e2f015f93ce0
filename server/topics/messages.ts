import type { KafkaClient } from '../kafka/client';
import { ApiError } from '../http/errors';
import { checkErrorCode, readRecordBatches, type DecompressionBudget, type KafkaRecord } from '../kafka/protocol';
import { retryWhileLeadershipMoves } from '../kafka/api-errors';
import { topicOffsets } from '../kafka/offsets';
import { decodeMessage, decodeWithSchemas, type BrowsedMessage, type MessageFormat, type WireDecoder } from './message-format';
import { partitionOffsets, topicMetadata, type PartitionOffsets } from './topic-detail';

export interface BrowseRequest {
  /** One partition; every partition when absent. */
  partition?: number;
  /** Start here (in every partition browsed when no partition is given). */
  offset?: number;
  /** Start at the first message at or after this time (ms since the epoch), via ListOffsets. */
  timestamp?: number;
  limit: number;
  format: MessageFormat;
  /** Applied to every record before it is decoded: hides secrets whatever the format asked. */
  mask?: (record: KafkaRecord) => KafkaRecord;
  /** The registry linked to the cluster: keys and values in the Confluent wire format are decoded with their schemas (not with format `hex`). */
  schemas?: WireDecoder;
}

export interface BrowseResult {
  items: BrowsedMessage[];
  /** Where each browsed partition started and where to continue reading ("load more"). */
  partitions: { partition: number; startOffset: number; nextOffset: number; earliest: number; latest: number }[];
  /** Why the read stopped before `limit` messages, if it did. */
  stoppedBy: 'limit' | 'end' | 'bytes' | 'time' | 'decompressed';
}

export const MAX_BROWSE_LIMIT = 500;
/** Bounds of one browse, whatever the topic holds. */
export const BROWSE_BOUNDS = {
  maxBytes: 16 * 1024 * 1024,
  maxMs: 5_000,
  fetchBytes: 4 * 1024 * 1024,
  partitionBytes: 1024 * 1024,
  maxWaitMs: 200,
  /** What one compressed batch may expand to, and all of them in one browse: a decompression bomb stops here. */
  batchDecompressedBytes: 32 * 1024 * 1024,
  decompressedBytes: 64 * 1024 * 1024,
};

interface Cursor {
  partition: number;
  leader: number;
  next: number;
  /** The high watermark when the browse started: nothing at or past it is read. */
  end: number;
  quota: number;
  records: KafkaRecord[];
  /** A batch at `next` would decompress past the bounds: this partition is read no further. */
  capped?: boolean;
}

/**
 * A bounded read of a topic: at most `limit` messages, BROWSE_BOUNDS.maxBytes fetched and maxMs spent, never the
 * whole topic. Plain Fetch requests to the partition leaders (no consumer group, nothing committed). Without an
 * offset or timestamp it shows the newest `limit` messages, shared out over the partitions that have them;
 * from an offset or timestamp it reads forward and keeps the earliest `limit` by timestamp.
 */
export async function browseMessages(kafka: KafkaClient, topic: string, request: BrowseRequest): Promise<BrowseResult> {
  const metadata = await topicMetadata(kafka, topic);
  const partitions = request.partition === undefined ? metadata.partitions : metadata.partitions.filter((p) => p.partition === request.partition);
  if (partitions.length === 0) {
    throw ApiError.badRequest(`Topic "${topic}" has no partition ${request.partition} (it has ${metadata.partitions.length})`, 'partition');
  }
  const offsets = new Map((await partitionOffsets(kafka, topic)).map((entry) => [entry.partition, entry]));
  const starts = await startOffsets(kafka, topic, request, offsets);
  const tail = request.offset === undefined && request.timestamp === undefined;
  const quotas = tail ? shareOut(request.limit, partitions.map((p) => available(offsets.get(p.partition)))) : partitions.map(() => request.limit);
  const cursors: Cursor[] = partitions.map((partition, i) => {
    const bounds = offsets.get(partition.partition) ?? { earliest: 0, latest: 0 };
    const start = tail ? bounds.latest - quotas[i]! : clamp(starts.get(partition.partition) ?? bounds.earliest, bounds.earliest, bounds.latest);
    return { partition: partition.partition, leader: partition.leader, next: start, end: bounds.latest, quota: quotas[i]!, records: [] };
  });
  const starting = new Map(cursors.map((cursor) => [cursor.partition, cursor.next]));
  const stoppedBy = await readCursors(kafka, topic, cursors);

  const merged = cursors.flatMap((cursor) => cursor.records.map((record) => ({ partition: cursor.partition, record })));
  merged.sort((a, b) => a.record.timestamp - b.record.timestamp || a.partition - b.partition || a.record.offset - b.record.offset);
  const kept = tail ? merged.slice(-request.limit) : merged.slice(0, request.limit);
  const nextOffset = new Map<number, number>();
  for (const { partition, record } of kept) nextOffset.set(partition, Math.max(nextOffset.get(partition) ?? 0, record.offset + 1));
  const items = await Promise.all(
    kept.map(async ({ partition, record }) => {
      const shown = request.mask ? request.mask(record) : record;
      const message = decodeMessage(partition, shown, request.format);
      return request.schemas && request.format !== 'hex' && !request.mask ? decodeWithSchemas(message, shown, topic, request.schemas) : message;
    }),
  );
  return {
    items,
    partitions: cursors.map((cursor) => {
      const bounds = offsets.get(cursor.partition)!;
      const startOffset = starting.get(cursor.partition)!;
      return { partition: cursor.partition, startOffset, nextOffset: nextOffset.get(cursor.partition) ?? startOffset, earliest: bounds.earliest, latest: bounds.latest };
    }),
    stoppedBy: kept.length >= request.limit ? 'limit' : stoppedBy,
  };
}

async function startOffsets(kafka: KafkaClient, topic: string, request: BrowseRequest, offsets: Map<number, PartitionOffsets>) {
  const starts = new Map<number, number>();
  if (request.timestamp !== undefined) {
    const [found] = await retryWhileLeadershipMoves(() => topicOffsets(kafka, topic, [{ timestamp: request.timestamp! }]));
    for (const [partition, offset] of found!) {
      // -1: no message at or after the timestamp, so start at the end
      starts.set(partition, offset >= 0 ? offset : (offsets.get(partition)?.latest ?? 0));
    }
  } else if (request.offset !== undefined) {
    for (const partition of offsets.keys()) starts.set(partition, request.offset);
  }
  return starts;
}

/** Reads every cursor up to its quota or end, leader by leader, until the byte or time bound. */
async function readCursors(kafka: KafkaClient, topic: string, cursors: Cursor[]): Promise<BrowseResult['stoppedBy']> {
  const deadline = Date.now() + BROWSE_BOUNDS.maxMs;
  const budget: DecompressionBudget = { batchBytes: BROWSE_BOUNDS.batchDecompressedBytes, remainingBytes: BROWSE_BOUNDS.decompressedBytes };
  const ended = () => (cursors.some((cursor) => cursor.capped) ? 'decompressed' : 'end');
  let bytes = 0;
  for (;;) {
    const active = cursors.filter((cursor) => !cursor.capped && cursor.records.length < cursor.quota && cursor.next < cursor.end);
    if (active.length === 0) return ended();
    if (bytes >= BROWSE_BOUNDS.maxBytes) return 'bytes';
    if (Date.now() >= deadline) return 'time';
    const byLeader = new Map<number, Cursor[]>();
    for (const cursor of active) byLeader.set(cursor.leader, [...(byLeader.get(cursor.leader) ?? []), cursor]);
    const progress = await Promise.all([...byLeader].map(([leader, group]) => fetchRound(kafka, topic, leader, group, budget)));
    bytes += progress.reduce((sum, fetched) => sum + fetched, 0);
    if (progress.every((fetched) => fetched === 0)) return ended();
  }
}

/** One Fetch to one leader for its cursors; returns the bytes received. */
async function fetchRound(kafka: KafkaClient, topic: string, leader: number, cursors: Cursor[], budget: DecompressionBudget): Promise<number> {
  if (leader < 0) {
    throw new ApiError(503, 'unavailable', `Kafka cluster "${kafka.clusterId}": partition ${cursors[0]!.partition} of topic "${topic}" has no leader`);
  }
  const partitionBytes = Math.max(64 * 1024, Math.min(BROWSE_BOUNDS.partitionBytes, Math.floor(BROWSE_BOUNDS.fetchBytes / cursors.length)));
  const response = await kafka.fetch(leader, {
    maxWaitMs: BROWSE_BOUNDS.maxWaitMs,
    minBytes: 1,
    maxBytes: BROWSE_BOUNDS.fetchBytes,
    isolationLevel: 0,
    topics: [{ topic, partitions: cursors.map((cursor) => ({ partition: cursor.partition, fetchOffset: cursor.next, maxBytes: partitionBytes })) }],
  });
  checkErrorCode(response.errorCode, `Fetch from broker ${leader}`);
  let received = 0;
  for (const fetched of response.topics.flatMap((entry) => entry.partitions)) {
    const cursor = cursors.find((candidate) => candidate.partition === fetched.partition);
    if (!cursor) continue;
    checkErrorCode(fetched.errorCode, `Fetch topic "${topic}" partition ${fetched.partition}`);
    const records = fetched.records ?? Buffer.alloc(0);
    received += records.length;
    advance(cursor, readRecordBatches(records, budget));
  }
  return received;
}

function advance(cursor: Cursor, batches: ReturnType<typeof readRecordBatches>): void {
  for (const record of batches.records) {
    // A compressed batch starts before the offset asked for; anything at or past the start-time end is left out.
    if (record.offset < cursor.next || record.offset >= cursor.end || cursor.records.length >= cursor.quota) continue;
    cursor.records.push(record);
  }
  if (batches.nextOffset !== null && batches.nextOffset > cursor.next) cursor.next = batches.nextOffset;
  if (batches.capped) cursor.capped = true;
}

function available(bounds: PartitionOffsets | undefined): number {
  return bounds ? Math.max(0, bounds.latest - bounds.earliest) : 0;
}

/** Shares `limit` out over partitions holding `counts` messages: equal shares, leftovers to the partitions with more. */
export function shareOut(limit: number, counts: number[]): number[] {
  const quotas = counts.map(() => 0);
  let remaining = limit;
  let open = counts.map((_, i) => i).filter((i) => counts[i]! > 0);
  while (remaining > 0 && open.length > 0) {
    const share = Math.max(1, Math.floor(remaining / open.length));
    for (const i of open) {
      const take = Math.min(share, counts[i]! - quotas[i]!, remaining);
      quotas[i]! += take;
      remaining -= take;
      if (remaining === 0) break;
    }
    open = open.filter((i) => quotas[i]! < counts[i]!);
  }
  return quotas;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
