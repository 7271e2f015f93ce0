import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { StackError } from './errors';
import { kafkaVersion } from './kafka/classpath';
import { registryVersion } from './registry/app';
import { REGISTRY_PROCESS } from './registry/service';
import { logFile, serviceDir } from './paths';
import { HOST, keepOrPickPort } from './ports';
import { isAlive } from './processes';
import { findProcess, readStackFile } from './state';
import type { ConnectWorker, KafkaNode, StackInfo } from './types';

export const WORKER_IDS = ['worker-1', 'worker-2'] as const;
export const CONNECT_GROUP_ID = 'connectory-local';
export const MAX_BROKERS = 5;

export const kafkaProcessName = (nodeId: number): string => `kafka-${nodeId}`;
export const agentProcessName = (workerId: string): string => `agent-${workerId}`;

export interface Plan {
  info: StackInfo;
  /** no usable previous stack file: data dirs from an unknown run are wiped */
  fresh: boolean;
  /** Kafka's topology changed (or is new): its storage is formatted anew */
  kafkaReset: boolean;
}

const secret = (): string => randomBytes(18).toString('base64url');
const portOf = (url: string | undefined): number | undefined => (url ? Number(new URL(url).port) : undefined);

/** Services' data dirs, wiped by `down --clean` and when their configuration can no longer match. */
export const DATA_DIRS = ['kafka', 'kafka-multi', 'connect', 'postgres', 'source-postgres', 'mariadb', 'run', 'secured-kafka', 'secured-connect'];

export function removeDataDirs(dirs: string[] = DATA_DIRS): void {
  for (const dir of dirs) rmSync(serviceDir(dir), { recursive: true, force: true });
}

/**
 * Decides ports, secrets and topology for this `up`: everything already chosen is kept (ports
 * are remembered across runs), except ports of stopped services that something else now uses.
 */
export async function planStack(opts: { brokers?: number } = {}): Promise<Plan> {
  const prev = readStackFile();
  const running = (name: string) => {
    const proc = findProcess(prev, name);
    return proc !== undefined && isAlive(proc);
  };
  const prevBrokers = prev?.brokers ?? prev?.kafka.nodes?.length ?? 1;
  const kafkaRunning = (prev?.kafka.nodes ?? []).some((n) => running(kafkaProcessName(n.nodeId)));
  // 1 broker unless asked otherwise; a running cluster keeps its size
  const brokers = opts.brokers ?? (kafkaRunning ? prevBrokers : 1);
  if (!Number.isInteger(brokers) || brokers < 1 || brokers > MAX_BROKERS) {
    throw new StackError('kafka', `--brokers must be between 1 and ${MAX_BROKERS}, got ${opts.brokers}`);
  }
  if (kafkaRunning && brokers !== prevBrokers) {
    throw new StackError('kafka', `running with ${prevBrokers} broker(s), ${brokers} requested: run \`down\` first`);
  }
  const fresh = !prev;
  const kafkaReset = fresh || brokers !== prevBrokers || !prev.kafka.clusterId;
  if (fresh) removeDataDirs();
  else if (kafkaReset) removeDataDirs(['kafka']);

  const taken = new Set<number>();
  const reserveIfRunning = (name: string, ...ports: (number | undefined)[]) => {
    if (running(name)) ports.forEach((p) => p && taken.add(p));
  };
  reserveIfRunning('postgres', prev?.postgres.port);
  reserveIfRunning('source-postgres', prev?.sourcePostgres.port);
  reserveIfRunning('mariadb', prev?.mariadb.port);
  reserveIfRunning('maven-mirror', portOf(prev?.mavenMirror.url));
  reserveIfRunning(REGISTRY_PROCESS, prev?.schemaRegistry?.port, prev?.schemaRegistry?.managementPort);
  for (const n of prev?.kafka.nodes ?? []) reserveIfRunning(kafkaProcessName(n.nodeId), n.port, n.controllerPort);
  for (const w of prev?.connect.workers ?? []) reserveIfRunning(agentProcessName(w.id), w.port, w.agentPort);
  const port = async (name: string, remembered: number | undefined) =>
    running(name) && remembered ? remembered : keepOrPickPort(remembered, taken);

  const nodes: KafkaNode[] = [];
  for (let nodeId = 1; nodeId <= brokers; nodeId++) {
    const old = kafkaReset ? undefined : prev?.kafka.nodes?.find((n) => n.nodeId === nodeId);
    const name = kafkaProcessName(nodeId);
    nodes.push({ nodeId, port: await port(name, old?.port), controllerPort: await port(name, old?.controllerPort) });
  }

  const workers: ConnectWorker[] = [];
  for (const id of WORKER_IDS) {
    const old = prev?.connect.workers.find((w) => w.id === id);
    const name = agentProcessName(id);
    const restPort = await port(name, old?.port ?? portOf(old?.url));
    const agentPort = await port(name, old?.agentPort ?? portOf(old?.agentUrl));
    workers.push({
      id,
      url: `http://${HOST}:${restPort}`,
      agentUrl: `http://${HOST}:${agentPort}`,
      port: restPort,
      agentPort,
      pluginPath: serviceDir('connect', id, 'plugins'),
      logFile: logFile(`connect-${id}`),
    });
  }

  const pgPort = await port('postgres', prev?.postgres.port);
  const pgPassword = prev?.postgres.password ?? secret();
  const sourcePort = await port('source-postgres', prev?.sourcePostgres.port);
  const mariadbPort = await port('mariadb', prev?.mariadb.port);
  const mirrorPort = await port('maven-mirror', portOf(prev?.mavenMirror.url));
  const registryPort = await port(REGISTRY_PROCESS, prev?.schemaRegistry?.port);
  const registryManagementPort = await port(REGISTRY_PROCESS, prev?.schemaRegistry?.managementPort);

  const info: StackInfo = {
    kafka: {
      bootstrap: nodes.map((n) => `${HOST}:${n.port}`).join(','),
      clusterId: (!kafkaReset && prev?.kafka.clusterId) || newKafkaClusterId(),
      nodes,
    },
    connect: {
      url: workers[0]!.url,
      workers,
      agentToken: prev?.connect.agentToken ?? secret(),
      groupId: CONNECT_GROUP_ID,
    },
    postgres: {
      url: `postgres://connectory:${pgPassword}@${HOST}:${pgPort}/connectory`,
      host: HOST,
      port: pgPort,
      user: 'connectory',
      password: pgPassword,
      database: 'connectory',
    },
    sourcePostgres: {
      host: HOST,
      port: sourcePort,
      user: 'connectory',
      password: prev?.sourcePostgres.password ?? secret(),
      database: 'inventory',
      adminUser: 'postgres',
      adminPassword: prev?.sourcePostgres.adminPassword ?? secret(),
    },
    mariadb: {
      host: HOST,
      port: mariadbPort,
      user: 'connectory',
      password: prev?.mariadb.password ?? secret(),
      database: 'inventory',
    },
    mavenMirror: {
      url: `http://${HOST}:${mirrorPort}`,
      root: process.env.CONNECTORY_M2_REPOSITORY ?? join(homedir(), '.m2', 'repository'),
    },
    schemaRegistry: {
      url: `http://${HOST}:${registryPort}`,
      port: registryPort,
      managementPort: registryManagementPort,
      version: registryVersion(),
    },
    // started on demand, not by `up`: kept while its process lives (ensureLegacy checks that)
    ...(prev?.legacyKafka ? { legacyKafka: prev.legacyKafka } : {}),
    versions: { kafka: kafkaVersion(), schemaRegistry: registryVersion() },
    processes: (prev?.processes ?? []).filter(isAlive),
    ready: false,
    brokers,
    startedAt: new Date().toISOString(),
  };
  return { info, fresh, kafkaReset };
}

/**
 * A KRaft cluster id: 16 random bytes in base64url, as Kafka's Uuid makes them. Like Kafka, never one that starts
 * with '-': kafka-storage's argument parser would read it as an option.
 */
export function newKafkaClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
