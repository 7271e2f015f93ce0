import type { ClientRegistry } from '../clusters/client-registry';
import type { ConnectClients } from '../clusters/clients';
import { ListingNotices } from '../connectors/listing-notices';
import { getConnectCluster, type ConnectCluster } from '../clusters/registry';
import type { Db } from '../db';
import { ApiError } from '../http/errors';
import type { KafkaClients } from '../kafka/pool';
import type { Logger } from '../logger';
import type { SecretBox } from '../secrets/secret-box';
import type { ConnectClient } from './client';
import { PasswordKeyCache } from './password-keys';

/** What the Connect-facing domains (plugins, connectors, config history) share within one app. */
export interface ConnectServices {
  db: Db;
  secrets: SecretBox;
  logger: Logger;
  clients: ConnectClients;
  /** For what connectors do in Kafka (records per second, lag): the Connect cluster's linked Kafka cluster. */
  kafkaClients: KafkaClients;
  passwordKeys: PasswordKeyCache;
  /** Config history noticed from lists, after they answer. */
  listingNotices: ListingNotices;
}

export function createConnectServices(deps: { db: Db; secrets: SecretBox; logger: Logger; clients: ClientRegistry }): ConnectServices {
  return { db: deps.db, secrets: deps.secrets, logger: deps.logger, clients: deps.clients.connect, kafkaClients: deps.clients.kafka, passwordKeys: new PasswordKeyCache(), listingNotices: new ListingNotices(deps) };
}

export interface OpenedCluster {
  cluster: ConnectCluster;
  client: ConnectClient;
}

/** The registered Connect cluster and its client; 404 when no such cluster is registered. */
export async function openConnectCluster(services: ConnectServices, connectId: string): Promise<OpenedCluster> {
  const cluster = await getConnectCluster(services.db, connectId);
  if (!cluster) throw ApiError.notFound(`Connect cluster "${connectId}" is not registered`);
  if (cluster.workers.length === 0) throw new ApiError(409, 'no_workers', `Connect cluster "${connectId}" has no workers registered`);
  return { cluster, client: services.clients.get(cluster) };
}
