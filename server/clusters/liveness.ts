/**
 * The one rule for "is it up", shared by the connectivity test on save, `GET /api/health` and the dashboard:
 * - a Connect worker is up when its REST root (`GET /`) answers within the caller's bound;
 * - a Connect cluster is up when every worker is, degraded when some are, down when none are (or it has none);
 * - a Kafka cluster is up when a broker describes the cluster (a Metadata request) within the bound.
 * Every probe collects its answer, never throws: a failure is the reason shown for "down".
 */
import type { ConnectClient } from '../connect/client';
import type { KafkaClient } from '../kafka/client';
import { messageOf } from '../util/errors';

export type Liveness = 'up' | 'down';
export type ClusterLiveness = 'up' | 'degraded' | 'down';

export type WorkerProbe =
  | { url: string; status: 'up'; version: string; kafkaClusterId: string }
  | { url: string; status: 'down'; error: string };

export type KafkaProbe =
  | { status: 'up'; clusterId: string; brokers: number; controllerId: number | null }
  | { status: 'down'; error: string };

/** A Connect cluster's state from its workers' states. */
export function connectClusterLiveness(workers: readonly { status: Liveness }[]): ClusterLiveness {
  const up = workers.filter((worker) => worker.status === 'up').length;
  if (up === 0) return 'down';
  return up === workers.length ? 'up' : 'degraded';
}

/** `GET /` on one worker, without failover: this worker's own answer. */
export async function probeWorker(client: ConnectClient, url: string, timeoutMs: number): Promise<WorkerProbe> {
  try {
    const info = await client.workerInfo(url, { timeoutMs });
    return { url, status: 'up', version: info.version, kafkaClusterId: info.kafkaClusterId };
  } catch (error) {
    return { url, status: 'down', error: messageOf(error) };
  }
}

/** Every worker the client knows, in parallel, and the cluster's state from them. */
export async function probeConnectCluster(client: ConnectClient, timeoutMs: number): Promise<{ status: ClusterLiveness; workers: WorkerProbe[] }> {
  const workers = await Promise.all(client.workerUrls.map((url) => probeWorker(client, url, timeoutMs)));
  return { status: connectClusterLiveness(workers), workers };
}

export async function probeKafka(kafka: KafkaClient, timeoutMs: number): Promise<KafkaProbe> {
  try {
    const described = await kafka.describeCluster({ timeoutMs });
    return { status: 'up', clusterId: described.clusterId, brokers: described.brokers.length, controllerId: described.controllerId };
  } catch (error) {
    return { status: 'down', error: messageOf(error) };
  }
}
