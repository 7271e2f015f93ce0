// Per-broker and per-topic traffic from two snapshots a minute apart (traffic.ts), and the topics whose minute is kept.
import { describe, expect, it } from 'vitest';
import { busiestTopics, deriveTraffic, type LogSnapshot } from '../../../server/metrics/traffic';

function snapshot(at: number, parts: Record<string, { leader: number; size: number; start: number; end: number }>, committed?: Record<string, Record<string, number>>): LogSnapshot {
  const entries = Object.entries(parts);
  return {
    at,
    brokers: [1, 2],
    leaders: new Map(entries.map(([key, p]) => [key, p.leader])),
    size: new Map(entries.map(([key, p]) => [key, p.size])),
    logStart: new Map(entries.map(([key, p]) => [key, p.start])),
    logEnd: new Map(entries.map(([key, p]) => [key, p.end])),
    diskBytes: new Map([[1, 0], [2, 0]]),
    ...(committed ? { committed: new Map(Object.entries(committed).map(([group, offsets]) => [group, new Map(Object.entries(offsets))])) } : {}),
  };
}

describe('traffic from two snapshots', () => {
  it('counts bytes in per leader from log growth, bytes out from committed offsets × mean message size, and messages per topic', () => {
    const before = snapshot(0, { 'orders:0': { leader: 1, size: 1_000, start: 0, end: 10 }, 'orders:1': { leader: 2, size: 500, start: 0, end: 5 } }, { billing: { 'orders:0': 2, 'orders:1': 5 } });
    const after = snapshot(60_000, { 'orders:0': { leader: 1, size: 7_000, start: 0, end: 70 }, 'orders:1': { leader: 2, size: 500, start: 0, end: 5 } }, { billing: { 'orders:0': 62, 'orders:1': 5 }, newcomer: { 'orders:0': 70 } });
    const traffic = deriveTraffic(before, after);
    // 6,000 bytes and 60 messages in 60 s on broker 1's partition; 100 bytes per message, 60 messages consumed.
    expect(traffic.brokers.get(1)).toEqual({ bytesInPerSec: 100, bytesOutPerSec: 100 });
    expect(traffic.brokers.get(2)).toEqual({ bytesInPerSec: 0, bytesOutPerSec: 0 });
    expect(traffic.topics.get('orders')).toEqual({ messagesInPerSec: 1, bytesInPerSec: 100, sizeBytes: 7_500 });
  });

  it("sizes consumed messages by the minute's new messages when there are some, else by the partition's mean", () => {
    // 100 small messages held, then 10 of 1,000 bytes written and consumed: 10,000 bytes out, not 10 × the mean.
    const before = snapshot(0, { 't:0': { leader: 1, size: 1_000, start: 0, end: 100 } }, { g: { 't:0': 100 } });
    const after = snapshot(10_000, { 't:0': { leader: 1, size: 11_000, start: 0, end: 110 } }, { g: { 't:0': 110 } });
    expect(deriveTraffic(before, after).brokers.get(1)).toEqual({ bytesInPerSec: 1_000, bytesOutPerSec: 1_000 });
    // Nothing new in the minute: the partition's mean (11,000 bytes ÷ 110 messages) for 10 messages read.
    const later = snapshot(20_000, { 't:0': { leader: 1, size: 11_000, start: 0, end: 110 } }, { g: { 't:0': 110 } });
    const behind = { ...before, at: 10_000, size: after.size, logEnd: after.logEnd, committed: new Map([['g', new Map([['t:0', 100]])]]) };
    expect(deriveTraffic(behind, later).brokers.get(1)).toEqual({ bytesInPerSec: 0, bytesOutPerSec: 100 });
  });

  it('counts a log shrunk by retention as no traffic, a reset backwards as no consumption, and bytes out unknown without offsets', () => {
    const before = snapshot(0, { 't:0': { leader: 1, size: 9_000, start: 0, end: 90 } }, { g: { 't:0': 50 } });
    const after = snapshot(10_000, { 't:0': { leader: 1, size: 2_000, start: 70, end: 90 } }, { g: { 't:0': 10 } });
    expect(deriveTraffic(before, after).brokers.get(1)).toEqual({ bytesInPerSec: 0, bytesOutPerSec: 0 });
    const withoutOffsets = snapshot(10_000, { 't:0': { leader: 1, size: 9_500, start: 0, end: 95 } });
    expect(deriveTraffic(before, withoutOffsets).brokers.get(1)).toEqual({ bytesInPerSec: 50, bytesOutPerSec: null });
  });

  it('leaves the rates of a topic created between the snapshots unknown rather than zero', () => {
    const before = snapshot(0, { 'old:0': { leader: 1, size: 0, start: 0, end: 0 } });
    const after = snapshot(60_000, { 'old:0': { leader: 1, size: 600, start: 0, end: 6 }, 'new:0': { leader: 1, size: 900, start: 0, end: 9 } });
    const topics = deriveTraffic(before, after).topics;
    expect(topics.get('new')).toEqual({ messagesInPerSec: null, bytesInPerSec: null, sizeBytes: 900 });
    expect(topics.get('old')).toEqual({ messagesInPerSec: 0.1, bytesInPerSec: 10, sizeBytes: 600 });
  });

  it('keeps the busiest topics: by bytes, then messages, then size', () => {
    const topics = new Map([
      ['idle-big', { messagesInPerSec: 0, bytesInPerSec: 0, sizeBytes: 9e9 }],
      ['busy', { messagesInPerSec: 5, bytesInPerSec: 500, sizeBytes: 1 }],
      ['chatty', { messagesInPerSec: 50, bytesInPerSec: 500, sizeBytes: 1 }],
      ['idle-small', { messagesInPerSec: 0, bytesInPerSec: 0, sizeBytes: 1 }],
    ]);
    expect(busiestTopics(topics, 3).map(([name]) => name)).toEqual(['chatty', 'busy', 'idle-big']);
  });
});
