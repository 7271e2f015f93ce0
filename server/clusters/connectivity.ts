/** The connectivity test run when a cluster is registered or edited: every answer collected, never thrown. */
import { KafkaAdmin } from '../kafka/admin';
import { toKafkaConnection } from '../kafka/connection';
import type { Logger } from '../logger';
import type { SecretBox } from '../secrets/secret-box';
import { connectClientFor, type ConnectClientSettings } from './clients';
import { probeConnectCluster, probeKafka } from './liveness';
import type { ConnectCheck, KafkaCheck } from './schema';
import type { KafkaSettings } from './settings';

export const CHECK_TIMEOUT_MS = 5_000;

export async function checkKafka(id: string, settings: KafkaSettings, secrets: SecretBox, logger: Logger, timeoutMs = CHECK_TIMEOUT_MS): Promise<KafkaCheck> {
  // Clients of its own, here and below: the registry should only hold clusters that are registered, as saved.
  const admin = new KafkaAdmin(toKafkaConnection({ id, ...settings }, secrets), logger);
  try {
    return await probeKafka(admin, timeoutMs);
  } finally {
    await admin.disconnect();
  }
}

export async function checkConnect(settings: ConnectClientSettings, secrets: SecretBox, timeoutMs = CHECK_TIMEOUT_MS): Promise<ConnectCheck> {
  return probeConnectCluster(connectClientFor(settings, secrets, timeoutMs), timeoutMs);
}
