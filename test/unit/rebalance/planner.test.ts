// The rebalance planner on synthetic clusters: each goal in turn, the modes, the options, and that it leaves a
// balanced cluster alone.
import { describe, expect, it } from 'vitest';
import type { ClusterModel, ModelBroker, ModelPartition, Plan } from '../../../server/rebalance/model';
import { planRebalance } from '../../../server/rebalance/planner';
import { planReplicationFactor } from '../../../server/rebalance/replication-factor';

const brokers = (count: number, rack: (id: number) => string | null = () => null, capacityBytes: number | null = null): ModelBroker[] =>
  Array.from({ length: count }, (_, i) => ({ id: i + 1, rack: rack(i + 1), capacityBytes }));

function part(topic: string, partition: number, replicas: number[], sizeBytes: number): ModelPartition {
  return { topic, partition, replicas, leader: replicas[0]!, sizeBytes };
}

/** Applies a plan's moves to the model, as the executor would. */
function applied(model: ClusterModel, plan: Plan): ClusterModel {
  const to = new Map(plan.moves.map((m) => [`${m.topic}/${m.partition}`, m.to]));
  return { brokers: model.brokers, partitions: model.partitions.map((p) => ({ ...p, replicas: to.get(`${p.topic}/${p.partition}`) ?? p.replicas })) };
}

const disk = (plan: Plan, id: number) => plan.after.find((b) => b.id === id)!.diskBytes;
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe('planRebalance', () => {
  it('leaves an already balanced cluster alone: no moves', () => {
    const model: ClusterModel = {
      brokers: brokers(3),
      partitions: Array.from({ length: 30 }, (_, i) => part('t', i, [(i % 3) + 1, ((i + 1) % 3) + 1], 1_000)),
    };
    const plan = planRebalance(model, { mode: 'full' });
    expect(plan.moves).toEqual([]);
    expect(plan.after).toEqual(plan.before);
    expect(plan.totalBytes).toBe(0);
  });

  it('spreads a skewed cluster until every broker is within 1.10 of the mean, moving no more than the excess needs', () => {
    const sizes = Array.from({ length: 60 }, (_, i) => 1_000 + ((i * 7919) % 5_000));
    const model: ClusterModel = { brokers: brokers(3), partitions: sizes.map((size, i) => part(`t${i % 4}`, i, [1], size)) };
    const plan = planRebalance(model, { mode: 'full' });
    const after = plan.after.map((b) => b.diskBytes);
    const m = mean(after);
    expect(Math.max(...after) / m).toBeLessThanOrEqual(1.1);
    expect(Math.min(...after) / m).toBeGreaterThanOrEqual(1 / 1.1);
    expect(plan.diskMaxOverMean.before).toBeCloseTo(3, 5);
    expect(plan.diskMaxOverMean.after).toBeLessThanOrEqual(1.1);
    // everything moved leaves broker 1; the bytes moved are close to the lower bound (broker 1's excess over the mean)
    expect(plan.moves.every((move) => move.from.join() === '1' && move.to.join() !== '1')).toBe(true);
    const excess = plan.before[0]!.diskBytes - m;
    expect(plan.totalBytes).toBeGreaterThanOrEqual(excess);
    expect(plan.totalBytes).toBeLessThanOrEqual(excess * 1.1);
    // deterministic, and applying it leaves nothing more to do
    expect(planRebalance(model, { mode: 'full' })).toEqual(plan);
    expect(planRebalance(applied(model, plan), { mode: 'full' }).moves.filter((move) => move.goal === 'disk')).toEqual([]);
  });

  it('puts the replicas of a partition on distinct racks first', () => {
    const model: ClusterModel = {
      brokers: brokers(4, (id) => (id <= 2 ? 'a' : 'b')),
      partitions: Array.from({ length: 8 }, (_, i) => part('t', i, i % 2 === 0 ? [1, 2] : [3, 4], 100)),
    };
    const plan = planRebalance(model, { mode: 'full' });
    const rack = (id: number) => (id <= 2 ? 'a' : 'b');
    for (const p of applied(model, plan).partitions) expect(new Set(p.replicas.map(rack)).size).toBe(2);
    expect(plan.moves.every((move) => move.goal === 'placement')).toBe(true);
    // and never gives up rack spread for disk balance
    const skewed: ClusterModel = {
      brokers: brokers(4, (id) => (id <= 2 ? 'a' : 'b')),
      partitions: Array.from({ length: 20 }, (_, i) => part('t', i, [1, 3], 500 + i)),
    };
    for (const p of applied(skewed, planRebalance(skewed, { mode: 'full' })).partitions) expect(new Set(p.replicas.map(rack)).size).toBe(2);
  });

  it('brings a broker over its capacity limit (80%) under it', () => {
    const model: ClusterModel = {
      brokers: [{ id: 1, rack: null, capacityBytes: 10_000 }, { id: 2, rack: null, capacityBytes: 100_000 }, { id: 3, rack: null, capacityBytes: 100_000 }],
      partitions: [
        ...Array.from({ length: 9 }, (_, i) => part('full', i, [1], 1_000)),
        ...Array.from({ length: 20 }, (_, i) => part('other', i, [2 + (i % 2)], 1_000)),
      ],
    };
    const plan = planRebalance(model, { mode: 'full', diskThreshold: 10 });
    expect(plan.before[0]!.diskBytes).toBe(9_000);
    expect(disk(plan, 1)).toBeLessThanOrEqual(8_000);
    expect(plan.moves.length).toBe(1);
    expect(plan.moves[0]!.goal).toBe('capacity');
  });

  it('drains brokers: they end with no replicas, racks kept distinct', () => {
    const rack = (id: number) => `r${((id - 1) % 3) + 1}`;
    const model: ClusterModel = {
      brokers: brokers(6, rack),
      partitions: Array.from({ length: 36 }, (_, i) => part('t', i, [(i % 6) + 1, ((i + 1) % 6) + 1, ((i + 2) % 6) + 1], 1_000 + i)),
    };
    const plan = planRebalance(model, { mode: 'drain', brokers: [6] });
    expect(plan.after.find((b) => b.id === 6)).toMatchObject({ diskBytes: 0, replicas: 0, leaders: 0 });
    for (const p of applied(model, plan).partitions) {
      expect(p.replicas).not.toContain(6);
      expect(new Set(p.replicas).size).toBe(3);
      expect(new Set(p.replicas.map(rack)).size).toBe(3);
    }
    expect(plan.moves.filter((move) => move.from.includes(6)).every((move) => move.goal === 'drain')).toBe(true);
  });

  it('fills new brokers: data moves only onto them, until they reach the mean', () => {
    const model: ClusterModel = {
      brokers: brokers(4),
      partitions: Array.from({ length: 60 }, (_, i) => part('t', i, [(i % 3) + 1], 1_000)),
    };
    const plan = planRebalance(model, { mode: 'fill', brokers: [4] });
    expect(plan.moves.length).toBeGreaterThan(0);
    expect(plan.moves.every((move) => move.to.join() === '4')).toBe(true);
    expect(disk(plan, 4) / mean(plan.after.map((b) => b.diskBytes))).toBeGreaterThanOrEqual(1 / 1.1);
  });

  it('leaves excluded topics where they are and stops at the maximum number of moves', () => {
    const model: ClusterModel = {
      brokers: brokers(3),
      partitions: [...Array.from({ length: 30 }, (_, i) => part('keep', i, [1], 1_000)), ...Array.from({ length: 30 }, (_, i) => part('move', i, [1], 1_000))],
    };
    const excluded = planRebalance(model, { mode: 'full', excludeTopics: ['keep'] });
    expect(excluded.moves.length).toBeGreaterThan(0);
    expect(excluded.moves.every((move) => move.topic === 'move')).toBe(true);
    expect(planRebalance(model, { mode: 'full', maxMoves: 5 }).moves).toHaveLength(5);
  });

  it('balances replica counts without breaking disk balance, then preferred leaders without moving bytes', () => {
    // broker 1 holds one big replica and many tiny ones, broker 2 a few mid-sized ones: disk equal, counts not
    const model: ClusterModel = {
      brokers: brokers(2),
      partitions: [
        part('huge', 0, [1], 5_000),
        ...Array.from({ length: 40 }, (_, i) => part('small', i, [1], 10)),
        ...Array.from({ length: 4 }, (_, i) => part('big', i, [2], 1_350)),
      ],
    };
    const plan = planRebalance(model, { mode: 'full' });
    expect(plan.diskMaxOverMean.after).toBeLessThanOrEqual(1.1);
    const counts = plan.after.map((b) => b.replicas);
    expect(Math.max(...counts) / mean(counts)).toBeLessThanOrEqual(1.1);

    const leaders: ClusterModel = { brokers: brokers(3), partitions: Array.from({ length: 30 }, (_, i) => part('t', i, [1, 2, 3], 1_000)) };
    const reordered = planRebalance(leaders, { mode: 'full' });
    expect(reordered.totalBytes).toBe(0);
    expect(reordered.moves.every((move) => move.goal === 'leaders' && [...move.to].sort().join() === '1,2,3')).toBe(true);
    const led = reordered.after.map((b) => b.leaders);
    expect(Math.max(...led) / mean(led)).toBeLessThanOrEqual(1.1);
  });
});

describe('planReplicationFactor', () => {
  const rack = (id: number) => (id <= 2 ? 'a' : 'b');

  it('raises the factor onto the least-loaded brokers, on racks not used yet', () => {
    const model: ClusterModel = {
      brokers: brokers(4, rack),
      partitions: [part('t', 0, [1], 1_000), part('t', 1, [3], 1_000), part('big', 0, [4], 50_000), part('big', 1, [2], 40_000)],
    };
    const plan = planReplicationFactor(model, 't', 2);
    expect(plan.moves.map((m) => [m.partition, m.to])).toEqual([[0, [1, 3]], [1, [3, 1]]]);
    expect(plan.totalBytes).toBe(2_000);
    expect(planReplicationFactor(model, 't', 3).moves.every((m) => m.to.length === 3 && new Set(m.to.map(rack)).size === 2)).toBe(true);
  });

  it('lowers it by dropping non-leader replicas on the fullest brokers', () => {
    const model: ClusterModel = {
      brokers: brokers(3),
      partitions: [{ ...part('t', 0, [1, 2, 3], 100), leader: 2 }, part('heavy', 0, [3], 10_000)],
    };
    const plan = planReplicationFactor(model, 't', 2);
    expect(plan.moves).toEqual([{ topic: 't', partition: 0, from: [1, 2, 3], to: [1, 2], bytes: 0, goal: 'replication-factor' }]);
    expect(planReplicationFactor(model, 't', 1).moves[0]!.to).toEqual([2]);
  });
});
