// Issue 13's planner benchmark: a synthetic 50-broker, 100,000-partition cluster (RF 3, 5 racks, heavy-tailed sizes,
// placed by Kafka's size-blind assignment on 40 brokers, 10 new and empty). A full rebalance must plan in ≤ 2 s and
// leave max/mean disk ≤ 1.10. Printed beside it: the max/mean Kafka's own `--generate` gives on all 50 brokers, and
// the bytes moved against the lower bound (every broker's excess over the upper limit). Needs no stack.
import { planRebalance } from '../../server/rebalance/planner';
import { diskByBroker, kafkaAssignment, syntheticCluster } from './rebalance-model';
import type { Scenario } from './run';

const BROKERS = 50;
const PARTITIONS = 100_000;
const THRESHOLD = 1.1;
const TARGET_MS = 2_000;
const RUNS = 3;

const maxOverMean = (values: number[]) => Math.max(...values) / (values.reduce((a, b) => a + b, 0) / values.length);
const gib = (bytes: number) => Math.round(bytes / 2 ** 30);

export const rebalanceScenario: Scenario = {
  name: 'rebalance',
  description: `rebalance planner on a synthetic ${BROKERS}-broker, ${PARTITIONS.toLocaleString('en')}-partition cluster`,
  async run(_stack, log) {
    const model = syntheticCluster({ brokers: BROKERS, emptyBrokers: 10, partitions: PARTITIONS, partitionsPerTopic: 20, replicationFactor: 3, racks: 5, seed: 13 });
    const before = diskByBroker(model);
    const mean = before.reduce((a, b) => a + b, 0) / before.length;
    const lowerBound = before.reduce((sum, disk) => sum + Math.max(0, disk - mean * THRESHOLD), 0);
    // --generate: every topic placed again on all 50 brokers by Kafka's assignment, sizes ignored
    const byTopic = new Map<string, typeof model.partitions>();
    for (const p of model.partitions) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p]);
    let start = 0;
    const generated = { brokers: model.brokers, partitions: [...byTopic.values()].flatMap((parts) => {
      const assignment = kafkaAssignment(model.brokers.map((b) => b.id), parts.length, 3, start++ % BROKERS);
      return parts.map((p, i) => ({ ...p, replicas: assignment[i]! }));
    }) };
    // CPU time is the target: the planner is single-threaded and pure, and on this shared 2-core machine (load
    // average above 10 while other runs go on) wall time measures the neighbours; both are printed
    const cpu: number[] = [];
    const wall: number[] = [];
    let plan = planRebalance(model, { mode: 'full' });
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      plan = planRebalance(model, { mode: 'full' });
      const used = process.cpuUsage(c0);
      wall.push(performance.now() - t0);
      cpu.push((used.user + used.system) / 1000);
    }
    const worst = Math.round(Math.max(...cpu));
    log(`planned ${plan.moves.length} moves: CPU ${cpu.map(Math.round).join(', ')} ms, wall ${wall.map(Math.round).join(', ')} ms`);
    const afterRatio = Math.round(plan.diskMaxOverMean.after * 1000) / 1000;
    return {
      metrics: {
        'max/mean disk before': Math.round(maxOverMean(before) * 1000) / 1000,
        'max/mean disk after the plan': afterRatio,
        'max/mean disk with Kafka --generate': Math.round(maxOverMean(diskByBroker(generated)) * 1000) / 1000,
        'moves (partitions)': plan.moves.length,
        'bytes moved (GiB)': gib(plan.totalBytes),
        'lower bound: excess over mean × 1.10 (GiB)': gib(lowerBound),
        'planning CPU time, worst of 3 (ms)': worst,
        'planning wall time, worst of 3 (ms)': Math.round(Math.max(...wall)),
      },
      targets: [
        { target: `plan ${PARTITIONS} partitions on ${BROKERS} brokers ≤ ${TARGET_MS} ms (CPU time)`, measured: worst, limit: TARGET_MS, unit: 'ms' },
        { target: `max/mean disk after the plan ≤ ${THRESHOLD}`, measured: afterRatio, limit: THRESHOLD, unit: '×' },
      ],
    };
  },
};
