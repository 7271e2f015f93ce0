/** The connectivity test run when a cluster is registered or edited: every answer collected, never thrown. */
import { toKafkaConnection } from '../kafka/connection';
import { withKafkaClient } from '../kafka/pool';
import type { Logger } from '../logger';
import type { SecretBox } from '../secrets/secret-box';
import { messageOf } from '../util/errors';
import { connectClientFor, type ConnectClientSettings } from './clients';
import { probeConnectCluster, probeKafka } from './liveness';
import type { ConnectCheck, KafkaCheck } from './schema';
import type { KafkaSettings } from './settings';

export const CHECK_TIMEOUT_MS = 5_000;

export async function checkKafka(id: string, settings: KafkaSettings, secrets: SecretBox, logger: Logger, timeoutMs = CHECK_TIMEOUT_MS): Promise<KafkaCheck> {
  // A client of its own: the shared registry should only hold clusters that are registered, as saved.
  return withKafkaClient(toKafkaConnection({ id, ...settings }, secrets), (kafka) => probeKafka(kafka, timeoutMs)).catch((error) => ({ status: 'down' as const, error: messageOf(error) }));
}

export async function checkConnect(settings: ConnectClientSettings, secrets: SecretBox, timeoutMs = CHECK_TIMEOUT_MS): Promise<ConnectCheck> {
  return probeConnectCluster(connectClientFor(settings, secrets, timeoutMs), timeoutMs);
}
