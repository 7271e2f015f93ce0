import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { StackError } from '../errors';
import { logFile, serviceDir } from '../paths';
import { kafkaProcessName } from '../plan';
import { HOST, portAnswers } from '../ports';
import { runToLog, serviceEnv, spawnDetached } from '../processes';
import { ensureService, type StackContext } from '../service';
import type { KafkaNode, StackInfo } from '../types';
import { waitUntil } from '../wait';
import type { KafkaClasspath } from './classpath';
import { jvmArgs, writeProperties } from './jvm';

const brokerDir = (nodeId: number) => serviceDir('kafka', `broker-${nodeId}`);
const heapMb = (brokers: number) => (brokers > 1 ? 384 : 512);

function brokerProperties(info: StackInfo, node: KafkaNode): string {
  const nodes = info.kafka.nodes ?? [];
  const rf = Math.min(3, nodes.length);
  return writeProperties({
    'process.roles': 'broker,controller',
    'node.id': node.nodeId,
    'controller.quorum.voters': nodes.map((n) => `${n.nodeId}@${HOST}:${n.controllerPort}`).join(','),
    listeners: `PLAINTEXT://${HOST}:${node.port},CONTROLLER://${HOST}:${node.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${HOST}:${node.port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'log.dirs': join(brokerDir(node.nodeId), 'data'),
    'num.partitions': 1,
    'default.replication.factor': rf,
    'min.insync.replicas': 1,
    'offsets.topic.replication.factor': rf,
    'transaction.state.log.replication.factor': rf,
    'transaction.state.log.min.isr': 1,
    'share.coordinator.state.topic.replication.factor': rf,
    'share.coordinator.state.topic.min.isr': 1,
    'group.initial.rebalance.delay.ms': 0,
    // ACL APIs answer (instead of SECURITY_DISABLED) while everyone stays allowed on PLAINTEXT
    'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'allow.everyone.if.no.acl.found': true,
    'super.users': 'User:ANONYMOUS',
    'num.network.threads': 2,
    'num.io.threads': 4,
    'log.retention.hours': 24,
    'log.segment.bytes': 64 * 1024 * 1024,
  });
}

/** Formats the node's log dir with the cluster id once; a formatted dir is left alone. */
async function formatStorage(info: StackInfo, node: KafkaNode, cp: KafkaClasspath, propsFile: string): Promise<void> {
  if (existsSync(join(brokerDir(node.nodeId), 'data', 'meta.properties'))) return;
  const log = logFile(kafkaProcessName(node.nodeId));
  const args = [...jvmArgs(256, 'warn'), '-cp', cp.jars.join(':'), 'kafka.tools.StorageTool', 'format',
    '--cluster-id', info.kafka.clusterId!, '--config', propsFile, '--ignore-formatted'];
  const code = await runToLog('java', args, { logFile: log });
  if (code !== 0) throw new StackError('kafka', `StorageTool format exited with ${code}`, log);
}

async function clusterAnswers(info: StackInfo, expectedBrokers: number): Promise<boolean> {
  const kafka = new Kafka({
    clientId: 'connectory-stack',
    brokers: info.kafka.bootstrap.split(','),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2_000,
    requestTimeout: 5_000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length === expectedBrokers && cluster.controller !== null;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

async function upBroker(ctx: StackContext, node: KafkaNode, cp: KafkaClasspath): Promise<void> {
  const dir = brokerDir(node.nodeId);
  const propsFile = join(dir, 'server.properties');
  const name = kafkaProcessName(node.nodeId);
  const brokers = ctx.info.kafka.nodes!.length;
  await ensureService(ctx, {
    service: `kafka broker ${node.nodeId}`,
    processName: name,
    ports: [node.port, node.controllerPort],
    logFile: logFile(name),
    prepare: async () => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(propsFile, brokerProperties(ctx.info, node));
      await formatStorage(ctx.info, node, cp, propsFile);
    },
    start: () =>
      spawnDetached({
        name,
        command: 'java',
        args: [...jvmArgs(heapMb(brokers)), '-cp', cp.jars.join(':'), 'kafka.Kafka', propsFile],
        logFile: logFile(name),
        cwd: dir,
        env: serviceEnv(),
      }),
    // a lone node of a multi-node quorum cannot serve clients until a majority is up:
    // its controller port is enough here, the whole cluster is judged below
    ready: () => (brokers > 1 ? portAnswers(node.controllerPort) : clusterAnswers(ctx.info, 1)),
    readyTimeoutMs: 90_000,
  });
}

/** Starts every node in parallel (a quorum needs a majority), then waits for all brokers to register. */
export async function upKafka(ctx: StackContext, cp: KafkaClasspath): Promise<void> {
  const nodes = ctx.info.kafka.nodes ?? [];
  await Promise.all(nodes.map((node) => upBroker(ctx, node, cp)));
  if (nodes.length > 1) {
    try {
      await waitUntil(() => clusterAnswers(ctx.info, nodes.length), { timeoutMs: 120_000, intervalMs: 1_000 });
    } catch (err) {
      throw new StackError('kafka', `${nodes.length} brokers did not register: ${(err as Error).message}`, logFile(kafkaProcessName(1)));
    }
  }
  ctx.log(`kafka: ${nodes.length} broker(s) up at ${ctx.info.kafka.bootstrap}`);
}
