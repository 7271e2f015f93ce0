/** The connectivity test run when a cluster is registered or edited: every answer collected, never thrown. */
import { KafkaAdmin } from '../kafka/admin';
import { toKafkaConnection } from '../kafka/connection';
import type { Logger } from '../logger';
import type { SecretBox } from '../secrets/secret-box';
import { messageOf } from '../util/errors';
import { connectClientFor, type ConnectClientSettings } from './clients';
import type { ConnectCheck, KafkaCheck } from './schema';
import type { KafkaSettings } from './settings';

export const CHECK_TIMEOUT_MS = 5_000;

export async function checkKafka(id: string, settings: KafkaSettings, secrets: SecretBox, logger: Logger, timeoutMs = CHECK_TIMEOUT_MS): Promise<KafkaCheck> {
  // A client of its own: the shared pool should only hold clusters that are registered.
  const admin = new KafkaAdmin(toKafkaConnection({ id, ...settings }, secrets), logger);
  try {
    const described = await admin.describeCluster({ timeoutMs });
    return { status: 'up', clusterId: described.clusterId, brokers: described.brokers.length, controllerId: described.controllerId };
  } catch (error) {
    return { status: 'down', error: messageOf(error) };
  } finally {
    await admin.disconnect();
  }
}

export async function checkConnect(settings: ConnectClientSettings, secrets: SecretBox, timeoutMs = CHECK_TIMEOUT_MS): Promise<ConnectCheck> {
  const client = connectClientFor(settings, secrets, timeoutMs);
  const workers = await Promise.all(
    client.workerUrls.map(async (url): Promise<ConnectCheck['workers'][number]> => {
      try {
        const info = await client.workerInfo(url);
        return { url, status: 'up', version: info.version, kafkaClusterId: info.kafkaClusterId };
      } catch (error) {
        return { url, status: 'down', error: messageOf(error) };
      }
    }),
  );
  const up = workers.filter((worker) => worker.status === 'up').length;
  return { status: up === workers.length ? 'up' : up === 0 ? 'down' : 'degraded', workers };
}
