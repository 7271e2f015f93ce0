// The `legacy` Kafka cluster (an older Kafka line, the migration source): started once on demand beside the shared
// stack, like the three-broker cluster. See test/stack/legacy/kafka.ts.
import { kafkaClusters } from '../../server/db/tables';
import { ensureLegacy, type LegacyKafkaInfo } from '../stack/legacy/kafka';
import type { TestApp } from './app';

export type { LegacyKafkaInfo };

let pending: Promise<LegacyKafkaInfo> | undefined;

/** Starts the cluster unless it runs already; one start per test process however many suites ask. */
export function ensureLegacyKafka(): Promise<LegacyKafkaInfo> {
  pending ??= ensureLegacy((line) => console.log(`[kafka-legacy] ${line}`)).catch((error: unknown) => {
    pending = undefined;
    throw error;
  });
  return pending;
}

/** Registers it in a test app's database as `legacy`, beside the stack's `local`. */
export async function registerLegacy(testApp: TestApp, info: LegacyKafkaInfo, id = 'legacy'): Promise<string> {
  const bootstrapServers = info.bootstrap.split(',');
  await testApp.database.db
    .insert(kafkaClusters)
    .values({ id, name: 'Legacy cluster', bootstrapServers })
    .onConflictDoUpdate({ target: kafkaClusters.id, set: { bootstrapServers } });
  return id;
}
