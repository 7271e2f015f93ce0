// The console must stay fast at 10,000 topics: Metadata for all of them is one answer, decoded in one pass.
import { describe, expect, it } from 'vitest';
import { Metadata } from '../../../server/kafka/protocol/apis/metadata';
import { Writer } from '../../../server/kafka/protocol/codec/writer';
import { decodeResponse } from '../../../server/kafka/protocol/header';

/** A Metadata v12 answer as a 3-broker cluster with `topics` topics of 6 partitions (replication 3) sends it. */
function metadataAnswer(topics: number): Buffer {
  const w = new Writer(true, 1 << 20).int32(1).tags().int32(0);
  w.array([1, 2, 3], (id) => w.int32(id).string(`kafka-${id}.internal`).int32(9092).nullableString(`rack-${id}`).tags());
  w.nullableString('cluster').int32(1);
  w.array(Array.from({ length: topics }, (_, i) => i), (i) => {
    w.int16(0).nullableString(`team-${i % 50}.events.v${i}`).uuid(Buffer.alloc(16, i % 256)).boolean(false);
    w.array([0, 1, 2, 3, 4, 5], (p) => {
      const replicas = [1 + (p % 3), 1 + ((p + 1) % 3), 1 + ((p + 2) % 3)];
      w.int16(0).int32(p).int32(replicas[0]!).int32(7).int32Array(replicas).int32Array(replicas).int32Array([]).tags();
    });
    w.int32(-2147483648).tags();
  });
  return w.tags().toBuffer();
}

describe('at 10,000 topics', () => {
  it('decodes a full Metadata answer (60,000 partitions) quickly', () => {
    const answer = metadataAnswer(10_000);
    let decoded = decodeResponse(Metadata, 12, answer);
    // Best of three: a shared CI machine's load says nothing about the decoder.
    let elapsed = Infinity;
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      decoded = decodeResponse(Metadata, 12, answer);
      elapsed = Math.min(elapsed, performance.now() - started);
    }
    expect(decoded.topics).toHaveLength(10_000);
    expect(decoded.topics[9_999]!.partitions[5]).toMatchObject({ partition: 5, replicas: [3, 1, 2] });
    expect(answer.length).toBeLessThan(5 * 1024 * 1024);
    expect(elapsed).toBeLessThan(1_000);
  });
});
