import type { ConnectionOptions } from 'node:tls';
import type { SASLOptions } from 'kafkajs';
import type { KafkaSaslSettings, KafkaTlsSettings } from '../db/tables';
import type { SecretBox } from '../secrets/secret-box';

/** Everything needed to reach one registered Kafka cluster, secrets already decrypted. */
export interface KafkaConnection {
  clusterId: string;
  brokers: string[];
  ssl?: ConnectionOptions | boolean;
  sasl?: SASLOptions;
}

export interface KafkaClusterSettings {
  id: string;
  bootstrapServers: string[];
  tls: KafkaTlsSettings | null;
  sasl: KafkaSaslSettings | null;
}

export function toKafkaConnection(cluster: KafkaClusterSettings, secrets: SecretBox): KafkaConnection {
  const connection: KafkaConnection = { clusterId: cluster.id, brokers: cluster.bootstrapServers };
  if (cluster.tls?.enabled) connection.ssl = toTls(cluster.tls, secrets);
  if (cluster.sasl) connection.sasl = toSasl(cluster.sasl, secrets);
  return connection;
}

function toTls(tls: KafkaTlsSettings, secrets: SecretBox): ConnectionOptions | boolean {
  const options: ConnectionOptions = { rejectUnauthorized: tls.rejectUnauthorized ?? true };
  if (tls.caPem) options.ca = [tls.caPem];
  if (tls.certPem) options.cert = tls.certPem;
  if (tls.keyPemEnc) options.key = secrets.decrypt(tls.keyPemEnc);
  return Object.keys(options).length === 1 && options.rejectUnauthorized ? true : options;
}

function toSasl(sasl: KafkaSaslSettings, secrets: SecretBox): SASLOptions {
  const password = secrets.decrypt(sasl.passwordEnc);
  switch (sasl.mechanism) {
    case 'plain':
      return { mechanism: 'plain', username: sasl.username, password };
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', username: sasl.username, password };
    case 'scram-sha-512':
      return { mechanism: 'scram-sha-512', username: sasl.username, password };
  }
}
