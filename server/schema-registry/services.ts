import type { Db } from '../db';
import type { SecretBox } from '../secrets/secret-box';
import type { WireDecoder } from '../topics/message-format';
import { SchemaDecoders } from './decoders';
import { registryOfKafkaCluster, RegistryClients } from './store';
import { SubjectIndexes } from './subjects';

/** Shared by the registry routes and the message browser: clients, the subject index cache and the schema cache. */
export interface SchemaRegistryServices {
  clients: RegistryClients;
  indexes: SubjectIndexes;
  decoders: SchemaDecoders;
}

export function createSchemaRegistryServices(secrets: SecretBox): SchemaRegistryServices {
  return { clients: new RegistryClients(secrets), indexes: new SubjectIndexes(), decoders: new SchemaDecoders() };
}

/** The message browser's decoder for a Kafka cluster: its linked registry's, or none when no registry is linked. */
export function wireDecoderFor(db: Db, services: SchemaRegistryServices) {
  return async (kafkaId: string): Promise<WireDecoder | undefined> => {
    const row = await registryOfKafkaCluster(db, kafkaId);
    if (!row) return undefined;
    const client = services.clients.get(row);
    return { decode: (bytes, hint) => services.decoders.decode(client, bytes, hint) };
  };
}
