import { Reader } from '../codec/reader';
import type { TopicPartitions } from './consumer-group-describe';

/**
 * The partitions a classic consumer-group member owns, from the assignment bytes DescribeGroups returns
 * (ConsumerProtocolAssignment, classic encoding: version, [topic, [partition]], user data). Empty while the group
 * rebalances; bytes of another protocol give no assignment rather than an error.
 */
export function decodeConsumerAssignment(bytes: Buffer): TopicPartitions[] {
  if (bytes.length < 2) return [];
  try {
    const reader = new Reader(bytes, false);
    reader.int16(); // version
    return reader.array((r) => ({ topic: r.string(), partitions: r.int32Array() }));
  } catch {
    return [];
  }
}
