/**
 * MirrorMaker 2's checkpoints (`<source alias>.checkpoints.internal` on the target): for each group and partition,
 * the source's committed offset (upstream) and its translation on the target (downstream). The newest ones are read
 * with the bounded message browser; the cut-over checklist compares them with both clusters' committed offsets.
 */
import type { KafkaClient } from '../kafka/client';
import { browseMessages } from '../topics/messages';

export interface Checkpoint {
  group: string;
  topic: string;
  partition: number;
  upstreamOffset: number;
  downstreamOffset: number;
}

/** Kafka's Struct encoding: STRING is an int16 length then UTF-8, INT32/INT64 big-endian. */
class Cursor {
  #at = 0;
  constructor(private readonly bytes: Buffer) {}
  string(): string {
    const length = this.bytes.readInt16BE(this.#at);
    this.#at += 2;
    const text = this.bytes.toString('utf8', this.#at, this.#at + length);
    this.#at += length;
    return text;
  }
  int16(): number {
    const value = this.bytes.readInt16BE(this.#at);
    this.#at += 2;
    return value;
  }
  int32(): number {
    const value = this.bytes.readInt32BE(this.#at);
    this.#at += 4;
    return value;
  }
  int64(): number {
    const value = this.bytes.readBigInt64BE(this.#at);
    this.#at += 8;
    return Number(value);
  }
}

/** Key: group, topic, partition. Value: version (int16), upstream offset, downstream offset, metadata. */
export function decodeCheckpoint(key: Buffer, value: Buffer): Checkpoint | undefined {
  try {
    const k = new Cursor(key);
    const group = k.string();
    const topic = k.string();
    const partition = k.int32();
    const v = new Cursor(value);
    if (v.int16() !== 0) return undefined;
    return { group, topic, partition, upstreamOffset: v.int64(), downstreamOffset: v.int64() };
  } catch {
    return undefined;
  }
}

export function checkpointsTopic(sourceAlias: string): string {
  return `${sourceAlias}.checkpoints.internal`;
}

/** The newest checkpoint per `group|topic|partition` among the last few hundred written; empty when there is no topic yet. */
export async function latestCheckpoints(target: KafkaClient, sourceAlias: string): Promise<Map<string, Checkpoint>> {
  const latest = new Map<string, Checkpoint>();
  let browsed;
  try {
    browsed = await browseMessages(target, checkpointsTopic(sourceAlias), { limit: 500, format: 'hex' });
  } catch {
    return latest; // not created yet: the checkpoint connector has not run
  }
  const ordered = [...browsed.items].sort((a, b) => a.partition - b.partition || a.offset - b.offset);
  for (const message of ordered) {
    if (typeof message.key.value !== 'string' || typeof message.value.value !== 'string') continue;
    const checkpoint = decodeCheckpoint(Buffer.from(message.key.value, 'hex'), Buffer.from(message.value.value, 'hex'));
    if (checkpoint) latest.set(checkpointKey(checkpoint.group, checkpoint.topic, checkpoint.partition), checkpoint);
  }
  return latest;
}

export function checkpointKey(group: string, topic: string, partition: number): string {
  return `${group}|${topic}|${partition}`;
}
