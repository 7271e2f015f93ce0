import { describe, expect, it } from 'vitest';
import { Reader } from '../../../server/kafka/protocol/codec/reader';
import { Writer } from '../../../server/kafka/protocol/codec/writer';
import { decodeConsumerAssignment } from '../../../server/kafka/protocol/apis/consumer-protocol';
import { ListGroups } from '../../../server/kafka/protocol/apis/list-groups';
import { ListOffsets } from '../../../server/kafka/protocol/apis/list-offsets';
import { OffsetCommit } from '../../../server/kafka/protocol/apis/offset-commit';
import { OffsetFetch } from '../../../server/kafka/protocol/apis/offset-fetch';

const flexible = () => new Writer(true);

describe('consumer-group Kafka APIs (server/kafka/protocol/apis)', () => {
  it('asks OffsetFetch v8 for every topic of many groups in one request', () => {
    const writer = flexible();
    OffsetFetch.encode(writer, { groupIds: ['a', 'b'] }, 8);
    const reader = new Reader(writer.toBuffer(), true);
    const groups = reader.array((g) => {
      const id = g.string();
      const topics = g.nullableArray(() => 0);
      g.tags();
      return { id, topics };
    });
    expect(groups).toEqual([{ id: 'a', topics: null }, { id: 'b', topics: null }]);
    expect(reader.boolean()).toBe(false); // require_stable
  });

  it('reads OffsetFetch v8 answers per group, keeping per-group and per-partition errors', () => {
    const w = flexible().int32(0);
    w.array([{ id: 'g1', error: 0 }, { id: 'g2', error: 16 }], (group) => {
      w.string(group.id);
      w.array(group.error ? [] : [0], () => {
        w.string('orders');
        w.array([{ p: 0, offset: 42 }, { p: 1, offset: -1 }], (p) => w.int32(p.p).int64(p.offset).int32(-1).nullableString(null).int16(0).tags());
        w.tags();
      });
      w.int16(group.error).tags();
    });
    const groups = OffsetFetch.decode(new Reader(w.toBuffer(), true), 8);
    expect(groups).toEqual([
      { groupId: 'g1', errorCode: 0, offsets: [{ topic: 'orders', partition: 0, offset: 42, errorCode: 0 }, { topic: 'orders', partition: 1, offset: -1, errorCode: 0 }] },
      { groupId: 'g2', errorCode: 16, offsets: [] },
    ]);
  });

  it('reads ListGroups with the group type from v5 and without it from v4', () => {
    const answer = (version: number) => {
      const w = flexible().int32(0).int16(0);
      w.array([0], () => {
        w.string('billing').string('consumer').string('Stable');
        if (version >= 5) w.string('consumer');
        w.tags();
      });
      return new Reader(w.tags().toBuffer(), true);
    };
    expect(ListGroups.decode(answer(5), 5).groups).toEqual([{ groupId: 'billing', protocolType: 'consumer', state: 'Stable', type: 'consumer' }]);
    expect(ListGroups.decode(answer(4), 4).groups).toEqual([{ groupId: 'billing', protocolType: 'consumer', state: 'Stable', type: null }]);
  });

  it('batches ListOffsets by topic and reads every partition back', () => {
    const w = flexible();
    ListOffsets.encode(w, { isolationLevel: 0, topics: [{ name: 't', partitions: [{ partition: 0, timestamp: -1 }, { partition: 2, timestamp: -2 }] }] }, 6);
    const r = new Reader(w.toBuffer(), true);
    expect([r.int32(), r.int8()]).toEqual([-1, 0]);
    const topics = r.array((t) => {
      const name = t.string();
      const timestamps = t.array((p) => {
        p.int32(); // partition
        expect(p.int32()).toBe(-1); // no leader epoch
        const timestamp = p.int64Number();
        p.tags();
        return timestamp;
      });
      t.tags();
      return [name, timestamps];
    });
    expect(topics).toEqual([['t', [-1, -2]]]);
  });

  it('commits resolved offsets grouped by topic, as an administrator (generation -1, no member)', () => {
    const w = flexible();
    OffsetCommit.encode(w, { groupId: 'g', offsets: [{ topic: 'a', partition: 0, offset: 5 }, { topic: 'b', partition: 1, offset: 7 }, { topic: 'a', partition: 1, offset: 6 }] }, 8);
    const r = new Reader(w.toBuffer(), true);
    expect([r.string(), r.int32(), r.string(), r.nullableString()]).toEqual(['g', -1, '', null]);
    const topics = r.array((t) => {
      const name = t.string();
      const partitions = t.array((p) => {
        const entry = [p.int32(), p.int64Number()];
        p.int32();
        p.nullableString();
        p.tags();
        return entry;
      });
      t.tags();
      return [name, partitions];
    });
    expect(topics).toEqual([['a', [[0, 5], [1, 6]]], ['b', [[1, 7]]]]);
  });

  it('decodes a classic consumer assignment, and gives nothing for bytes of another protocol', () => {
    const w = new Writer(false).int16(1);
    w.array([0], () => w.string('orders').int32Array([0, 3]));
    w.nullableBytes(null);
    expect(decodeConsumerAssignment(w.toBuffer())).toEqual([{ topic: 'orders', partitions: [0, 3] }]);
    expect(decodeConsumerAssignment(Buffer.alloc(0))).toEqual([]);
    expect(decodeConsumerAssignment(Buffer.from([0, 1, 0, 0, 0, 9]))).toEqual([]);
  });
});
