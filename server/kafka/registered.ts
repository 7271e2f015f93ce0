import { kafkaConnectionFor } from '../clusters/clients';
import { getKafkaCluster, type KafkaCluster } from '../clusters/registry';
import type { Db } from '../db';
import { ApiError } from '../http/errors';
import type { SecretBox } from '../secrets/secret-box';
import type { KafkaClient } from './client';
import type { KafkaClients } from './pool';

/** What a feature needs to reach a registered Kafka cluster: the registry and the app's Kafka clients. */
export interface KafkaDeps {
  db: Db;
  secrets: SecretBox;
  kafkaClients: KafkaClients;
}

/** The client of a registration already read from the registry. */
export function kafkaClientFor(deps: Pick<KafkaDeps, 'secrets' | 'kafkaClients'>, cluster: KafkaCluster): KafkaClient {
  return deps.kafkaClients.get(kafkaConnectionFor(cluster, deps.secrets));
}

/** 404 unless the cluster is registered. */
export async function registeredKafka(deps: KafkaDeps, kafkaId: string): Promise<{ cluster: KafkaCluster; kafka: KafkaClient }> {
  const cluster = await getKafkaCluster(deps.db, kafkaId);
  if (!cluster) throw ApiError.notFound(`Kafka cluster "${kafkaId}" is not registered`);
  return { cluster, kafka: kafkaClientFor(deps, cluster) };
}

export async function registeredKafkaClient(deps: KafkaDeps, kafkaId: string): Promise<KafkaClient> {
  return (await registeredKafka(deps, kafkaId)).kafka;
}
