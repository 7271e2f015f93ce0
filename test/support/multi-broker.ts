// The three-broker Kafka cluster (racks r1-r3) for tests that need several brokers: started once on demand beside
// the shared stack, whose single broker is never restarted. See test/stack/kafka/multi.ts.
import { kafkaClusters } from '../../server/db/tables';
import { ensureMultiKafka, type MultiKafkaInfo } from '../stack/kafka/multi';
import type { TestApp } from './app';

export type { MultiKafkaInfo };

let pending: Promise<MultiKafkaInfo> | undefined;

/** Starts the cluster unless it runs already; one start per test process however many suites ask. */
export function ensureMultiBrokerKafka(): Promise<MultiKafkaInfo> {
  pending ??= ensureMultiKafka((line) => console.log(`[kafka-multi] ${line}`)).catch((error: unknown) => {
    pending = undefined;
    throw error;
  });
  return pending;
}

/** Registers the three-broker cluster in a test app's database under `id`, beside the stack's `local`. */
export async function registerMultiBroker(testApp: TestApp, info: MultiKafkaInfo, id = 'multi'): Promise<string> {
  await testApp.database.db
    .insert(kafkaClusters)
    .values({ id, name: 'Three brokers', bootstrapServers: info.bootstrap.split(',') })
    .onConflictDoUpdate({ target: kafkaClusters.id, set: { bootstrapServers: info.bootstrap.split(',') } });
  return id;
}
