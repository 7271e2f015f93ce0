/**
 * A topic's replication factor changed by a number, planned like a rebalance (same proposal, same executor).
 * Raising adds the least-loaded brokers, on racks the partition does not use yet when there are any; lowering drops
 * the replicas on the most-loaded brokers, never the leader, and keeps the rack spread where it can.
 */
import type { ClusterModel, Plan, PlannedMove } from './model';
import { maxOverMean, PlanState } from './planner';

export function planReplicationFactor(model: ClusterModel, topic: string, replicationFactor: number): Plan {
  const state = new PlanState(model, {});
  const before = state.loads(true);
  const rackOf = (id: number) => {
    const b = state.indexOf(id);
    return b === undefined ? null : state.rack[b]!;
  };
  const diskOf = (id: number) => state.disk[state.indexOf(id) ?? -1] ?? 0;
  const moves: PlannedMove[] = [];
  state.parts.forEach((part) => {
    if (part.topic !== topic) return;
    const replicas = [...part.replicas];
    while (replicas.length < replicationFactor) {
      const racks = new Set(replicas.map(rackOf));
      const candidates = state.ids.filter((id) => !replicas.includes(id));
      if (candidates.length === 0) break;
      candidates.sort((a, b) => Number(racks.has(rackOf(a))) - Number(racks.has(rackOf(b))) || diskOf(a) - diskOf(b) || a - b);
      const id = candidates[0]!;
      replicas.push(id);
      const b = state.indexOf(id)!;
      state.disk[b]! += part.size;
      state.count[b]! += 1;
    }
    while (replicas.length > replicationFactor) {
      const leader = replicas.includes(part.leader) ? part.leader : replicas[0]!;
      const rackUses = (rack: string | null) => replicas.filter((id) => rackOf(id) === rack).length;
      const candidates = replicas.filter((id) => id !== leader);
      // a replica sharing its rack with another goes first, then the fullest broker
      candidates.sort((a, b) => rackUses(rackOf(b)) - rackUses(rackOf(a)) || diskOf(b) - diskOf(a) || a - b);
      const id = candidates[0]!;
      replicas.splice(replicas.indexOf(id), 1);
      const b = state.indexOf(id);
      if (b !== undefined) {
        state.disk[b]! -= part.size;
        state.count[b]! -= 1;
      }
    }
    if (replicas.join() === part.origin.join()) return;
    part.replicas = replicas;
    const gained = replicas.filter((id) => !part.origin.includes(id)).length;
    moves.push({ topic: part.topic, partition: part.partition, from: part.origin, to: replicas, bytes: gained * part.size, goal: 'replication-factor' });
  });
  const after = state.loads(false);
  return {
    moves,
    before,
    after,
    diskMaxOverMean: { before: maxOverMean(before.map((b) => b.diskBytes)), after: maxOverMean(after.map((b) => b.diskBytes)) },
    totalBytes: moves.reduce((sum, m) => sum + m.bytes, 0),
    unplaced: [],
  };
}
