import type { Reader } from '../codec/reader';
import type { Writer } from '../codec/writer';

/**
 * The flexible `topics: [{name, partitions: [...]}]` nesting that the reassignment and election APIs share, in one
 * place so the three codecs cannot drift apart on where the tagged fields go.
 */

/** Writes `[{name, partition ids}]`, null meaning every partition of the cluster. */
export function writeTopicPartitionIds(writer: Writer, topics: readonly { name: string; partitions: readonly number[] }[] | null): void {
  writer.nullableArray(topics, (topic) => writer.string(topic.name).int32Array(topic.partitions).tags());
}

/** Reads `[{name, [entry]}]` flattened to one list; `entry` reads a partition's fields (its tags are read here). */
export function readPerPartition<T>(reader: Reader, entry: (partition: Reader, topic: string) => T): T[] {
  const results: T[] = [];
  reader.array((r) => {
    const topic = r.string();
    r.array((p) => {
      results.push(entry(p, topic));
      p.tags();
    });
    r.tags();
  });
  return results;
}
