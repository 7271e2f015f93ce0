/**
 * A second, separate Kafka cluster of three brokers, started on demand by the tests that need several brokers
 * (reassignments, racks, leader spread). The shared stack keeps its one broker: restarting it under running tests
 * would break them. Three combined broker+controller nodes (lighter than a controller and three brokers), racks r1-r3,
 * 256 MiB heaps, free loopback ports and data under .stack/kafka-multi/. Its processes are recorded in stack.json
 * (`kafka-multi-N`, stopped by `down` like every `kafka-` process); ports and cluster id in its own state file.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { StackError } from '../errors';
import { withLauncherLock } from '../lock';
import { logFile, serviceDir } from '../paths';
import { newKafkaClusterId } from '../plan';
import { HOST, keepOrPickPort, portAnswers } from '../ports';
import { isAlive, runToLog, serviceEnv, spawnDetached } from '../processes';
import { findProcess, readStackFile, recordProcess } from '../state';
import type { StackInfo } from '../types';
import { waitUntil } from '../wait';
import { resolveKafkaClasspath, type KafkaClasspath } from './classpath';
import { jvmArgs, writeProperties } from './jvm';

export const MULTI_DIR = 'kafka-multi';
const BROKERS = 3;
const HEAP_MB = 256;

export interface MultiKafkaNode {
  nodeId: number;
  port: number;
  controllerPort: number;
  rack: string;
}

export interface MultiKafkaInfo {
  bootstrap: string;
  clusterId: string;
  nodes: MultiKafkaNode[];
}

const stateFile = () => serviceDir(MULTI_DIR, 'cluster.json');
const nodeDir = (nodeId: number) => serviceDir(MULTI_DIR, `broker-${nodeId}`);
export const multiProcessName = (nodeId: number): string => `kafka-multi-${nodeId}`;

function readState(): MultiKafkaInfo | null {
  try {
    return JSON.parse(readFileSync(stateFile(), 'utf8')) as MultiKafkaInfo;
  } catch {
    return null;
  }
}

function nodeProperties(info: MultiKafkaInfo, node: MultiKafkaNode): string {
  return writeProperties({
    'process.roles': 'broker,controller',
    'node.id': node.nodeId,
    'controller.quorum.voters': info.nodes.map((n) => `${n.nodeId}@${HOST}:${n.controllerPort}`).join(','),
    listeners: `PLAINTEXT://${HOST}:${node.port},CONTROLLER://${HOST}:${node.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${HOST}:${node.port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'broker.rack': node.rack,
    'log.dirs': join(nodeDir(node.nodeId), 'data'),
    'num.partitions': 1,
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    'offsets.topic.replication.factor': 3,
    'transaction.state.log.replication.factor': 3,
    'transaction.state.log.min.isr': 1,
    'share.coordinator.state.topic.replication.factor': 3,
    'share.coordinator.state.topic.min.isr': 1,
    'group.initial.rebalance.delay.ms': 0,
    'num.network.threads': 2,
    'num.io.threads': 2,
    'num.replica.fetchers': 1,
    'log.retention.hours': 24,
    'log.segment.bytes': 16 * 1024 * 1024,
  });
}

async function clusterAnswers(info: MultiKafkaInfo): Promise<boolean> {
  const admin = new Kafka({
    clientId: 'connectory-stack-multi',
    brokers: info.bootstrap.split(','),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2_000,
    requestTimeout: 5_000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length === info.nodes.length && cluster.controller !== null;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

async function planNodes(prev: MultiKafkaInfo | null): Promise<MultiKafkaInfo> {
  const taken = new Set<number>();
  const nodes: MultiKafkaNode[] = [];
  for (let nodeId = 1; nodeId <= BROKERS; nodeId++) {
    const old = prev?.nodes.find((n) => n.nodeId === nodeId);
    nodes.push({ nodeId, port: await keepOrPickPort(old?.port, taken), controllerPort: await keepOrPickPort(old?.controllerPort, taken), rack: `r${nodeId}` });
  }
  return { bootstrap: nodes.map((n) => `${HOST}:${n.port}`).join(','), clusterId: prev?.clusterId ?? newKafkaClusterId(), nodes };
}

async function startNode(stack: StackInfo, info: MultiKafkaInfo, node: MultiKafkaNode, cp: KafkaClasspath): Promise<void> {
  const dir = nodeDir(node.nodeId);
  const propsFile = join(dir, 'server.properties');
  const name = multiProcessName(node.nodeId);
  mkdirSync(dir, { recursive: true });
  writeFileSync(propsFile, nodeProperties(info, node));
  if (!existsSync(join(dir, 'data', 'meta.properties'))) {
    const args = [...jvmArgs(256, 'warn'), '-cp', cp.jars.join(':'), 'kafka.tools.StorageTool', 'format',
      '--cluster-id', info.clusterId, '--config', propsFile, '--ignore-formatted'];
    const code = await runToLog('java', args, { logFile: logFile(name) });
    if (code !== 0) throw new StackError(name, `StorageTool format exited with ${code}`, logFile(name));
  }
  const proc = spawnDetached({
    name,
    command: 'java',
    args: [...jvmArgs(HEAP_MB, 'warn'), '-cp', cp.jars.join(':'), 'kafka.Kafka', propsFile],
    logFile: logFile(name),
    cwd: dir,
    env: serviceEnv(),
  });
  recordProcess(stack, proc);
}

/**
 * The three-broker cluster, started when it is not running and reused when it is (several test files, or test runs,
 * may ask at once: the launcher lock makes the later ones wait and reuse it).
 */
export function ensureMultiKafka(log: (line: string) => void = () => {}): Promise<MultiKafkaInfo> {
  return withLauncherLock(log, async () => {
    const stack = readStackFile();
    if (!stack) throw new StackError('kafka-multi', 'no .stack/stack.json: start the local stack first');
    const prev = readState();
    const alive = (nodeId: number) => {
      const proc = findProcess(stack, multiProcessName(nodeId));
      return proc !== undefined && isAlive(proc);
    };
    const running = prev ? prev.nodes.filter((n) => alive(n.nodeId)) : [];
    if (prev && running.length === prev.nodes.length && (await Promise.all(prev.nodes.map((n) => portAnswers(n.port)))).every(Boolean)) {
      await waitUntil(() => clusterAnswers(prev), { timeoutMs: 60_000, intervalMs: 1_000 });
      return prev;
    }
    // a partly running cluster keeps its ports (a live node holds them); stopped nodes may get new ones
    const info = running.length > 0 && prev ? prev : await planNodes(prev);
    mkdirSync(serviceDir(MULTI_DIR), { recursive: true });
    writeFileSync(stateFile(), `${JSON.stringify(info, null, 2)}\n`);
    const cp = await resolveKafkaClasspath(log);
    await Promise.all(info.nodes.filter((n) => !alive(n.nodeId)).map((n) => startNode(stack, info, n, cp)));
    try {
      await waitUntil(() => clusterAnswers(info), {
        timeoutMs: 150_000,
        intervalMs: 1_000,
        abortIf: () => {
          const dead = info.nodes.find((n) => !alive(n.nodeId));
          return dead ? `${multiProcessName(dead.nodeId)} exited (see ${logFile(multiProcessName(dead.nodeId))})` : undefined;
        },
      });
    } catch (err) {
      throw new StackError('kafka-multi', `${BROKERS} brokers did not register: ${(err as Error).message}`, logFile(multiProcessName(1)));
    }
    log(`kafka-multi: ${BROKERS} brokers up at ${info.bootstrap}`);
    return info;
  });
}
