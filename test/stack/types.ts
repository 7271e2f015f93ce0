/** What `.stack/stack.json` holds. Fields may be added, never removed: tests, the server and benchmarks read it. */
export interface StackInfo {
  kafka: {
    bootstrap: string; // "127.0.0.1:PORT" (all brokers, comma separated)
    clusterId?: string;
    nodes?: KafkaNode[];
  };
  connect: {
    url: string;
    workers: ConnectWorker[];
    agentToken: string;
    groupId?: string;
  };
  postgres: { url: string; host: string; port: number; user: string; password: string; database?: string };
  sourcePostgres: { host: string; port: number; user: string; password: string; database: string; adminUser?: string; adminPassword?: string };
  mariadb: { host: string; port: number; user: string; password: string; database: string };
  mavenMirror: { url: string; root?: string };
  /** Apicurio Registry; its Confluent-compatible API is at `${url}/apis/ccompat/v7`. Absent in stacks started before it existed. */
  schemaRegistry?: SchemaRegistryInfo;
  /** The `legacy` cluster (an older Kafka line, migration source), once started on demand (legacy/kafka.ts). */
  legacyKafka?: LegacyKafkaInfo;
  versions: { kafka: string; schemaRegistry?: string };
  processes: StackProcess[];
  /** true once every service answered; false while starting, after a failed start and after `down`. */
  ready?: boolean;
  brokers?: number;
  startedAt?: string;
}

export interface KafkaNode {
  nodeId: number;
  port: number;
  controllerPort: number;
}

export interface ConnectWorker {
  id: string;
  url: string;
  agentUrl: string;
  agentPort?: number;
  port?: number;
  pluginPath?: string;
  logFile?: string;
}

export interface StackProcess {
  name: string;
  pid: number;
  /** /proc start time, so a recycled pid is never mistaken for ours */
  startTicks?: number;
}

export interface SchemaRegistryInfo {
  url: string;
  port: number;
  /** Quarkus' management listener (health), kept on loopback. */
  managementPort: number;
  version: string;
}

export interface LegacyKafkaInfo {
  bootstrap: string;
  port: number;
  controllerPort: number;
  clusterId: string;
  /** The Kafka version it runs (legacy/pom.xml). */
  version: string;
}
