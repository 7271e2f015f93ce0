import { copyFileSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { StackError } from '../errors';
import type { KafkaClasspath } from '../kafka/classpath';
import { jvmArgs, writeProperties } from '../kafka/jvm';
import { logFile, REPO_ROOT, serviceDir } from '../paths';
import { agentProcessName, CONNECT_GROUP_ID } from '../plan';
import { HOST } from '../ports';
import { serviceEnv, spawnDetached } from '../processes';
import { ensureService, type StackContext } from '../service';
import type { ConnectWorker, StackInfo } from '../types';
import { waitUntil } from '../wait';

const WORKER_HEAP_MB = 384;
const AGENT_MAIN = join(REPO_ROOT, 'plugins', 'agent', 'main.ts');
const workerDir = (id: string) => serviceDir('connect', id);

function workerProperties(info: StackInfo, worker: ConnectWorker): string {
  const rf = Math.min(3, info.kafka.nodes?.length ?? 1);
  return writeProperties({
    'bootstrap.servers': info.kafka.bootstrap,
    'group.id': CONNECT_GROUP_ID,
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'key.converter.schemas.enable': true,
    'value.converter.schemas.enable': true,
    'config.storage.topic': 'connect-configs',
    'offset.storage.topic': 'connect-offsets',
    'status.storage.topic': 'connect-status',
    'config.storage.replication.factor': rf,
    'offset.storage.replication.factor': rf,
    'status.storage.replication.factor': rf,
    'offset.flush.interval.ms': 5_000,
    listeners: `http://${HOST}:${worker.port}`,
    'rest.advertised.host.name': HOST,
    'rest.advertised.port': worker.port!,
    'rest.advertised.listener': 'http',
    'plugin.path': worker.pluginPath!,
    // What Kafka itself recommends once every plugin ships ServiceLoader manifests (KIP-898; it says so in a
    // WARN at every start otherwise): the reflective scan it skips costs 6–14 s of every worker start here.
    // Plugins without manifests are not found this way; Connectory's verify step then names the missing class.
    'plugin.discovery': 'service_load',
    // a worker that leaves (a plugin install restarts it) gets its tasks back within seconds,
    // not after the default 5 minutes
    'scheduled.rebalance.max.delay.ms': 10_000,
    'connector.client.config.override.policy': 'All',
    'config.providers': 'file,dir,env',
    'config.providers.file.class': 'org.apache.kafka.common.config.provider.FileConfigProvider',
    'config.providers.dir.class': 'org.apache.kafka.common.config.provider.DirectoryConfigProvider',
    'config.providers.env.class': 'org.apache.kafka.common.config.provider.EnvVarConfigProvider',
  });
}

/** connect-file is Kafka's own example connector; shipped as a plugin it exercises plugin.path for real. */
function installConnectFilePlugin(worker: ConnectWorker, cp: KafkaClasspath): void {
  const dir = join(worker.pluginPath!, 'connect-file');
  const target = join(dir, basename(cp.connectFileJar));
  mkdirSync(dir, { recursive: true });
  if (!existsSync(target) || statSync(target).size !== statSync(cp.connectFileJar).size) {
    copyFileSync(cp.connectFileJar, target);
  }
}

function agentConfig(worker: ConnectWorker, cp: KafkaClasspath, propsFile: string) {
  return {
    listen: { host: HOST, port: worker.agentPort },
    workerId: worker.id,
    restUrl: worker.url,
    pluginPath: worker.pluginPath,
    logFile: worker.logFile,
    worker: {
      command: 'java',
      args: [...jvmArgs(WORKER_HEAP_MB), '-cp', cp.jars.join(':'), 'org.apache.kafka.connect.cli.ConnectDistributed', propsFile],
      env: {},
      cwd: workerDir(worker.id),
    },
    stopTimeoutMs: 30_000,
    restartBackoff: { initialMs: 2_000, maxMs: 30_000 },
    probeIntervalMs: 1_000,
  };
}

async function agentReportsRunning(info: StackInfo, worker: ConnectWorker): Promise<boolean> {
  const res = await fetch(`${worker.agentUrl}/health`, {
    headers: { authorization: `Bearer ${info.connect.agentToken}` },
    signal: AbortSignal.timeout(3_000),
  });
  if (!res.ok) return false;
  const body = (await res.json()) as { worker?: { state?: string; restReachable?: boolean } };
  return body.worker?.state === 'running' && body.worker.restReachable === true;
}

async function restAnswers(url: string): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(3_000) });
  await res.body?.cancel();
  return res.ok;
}

/** `GET /` answers as soon as REST is up; `GET /connectors` only once the worker joined the group and read its configs. */
const workerAnswers = async (worker: ConnectWorker) =>
  (await restAnswers(worker.url)) && (await restAnswers(`${worker.url}/connectors`));

async function upWorker(ctx: StackContext, worker: ConnectWorker, cp: KafkaClasspath): Promise<void> {
  const dir = workerDir(worker.id);
  const propsFile = join(dir, 'worker.properties');
  const configFile = join(dir, 'agent.json');
  const name = agentProcessName(worker.id);
  await ensureService(ctx, {
    service: `connect ${worker.id}`,
    processName: name,
    ports: [worker.agentPort!],
    logFile: worker.logFile!,
    prepare: async () => {
      mkdirSync(dir, { recursive: true });
      installConnectFilePlugin(worker, cp);
      writeFileSync(propsFile, workerProperties(ctx.info, worker));
      writeFileSync(configFile, `${JSON.stringify(agentConfig(worker, cp, propsFile), null, 2)}\n`);
    },
    // the launcher starts the agent; the agent starts (and restarts) the worker's JVM
    start: () =>
      spawnDetached({
        name,
        command: process.execPath,
        args: ['--import', 'tsx', AGENT_MAIN],
        logFile: logFile(name),
        cwd: REPO_ROOT,
        env: serviceEnv({ AGENT_CONFIG: configFile, AGENT_TOKEN: ctx.info.connect.agentToken }),
      }),
    ready: async () => (await workerAnswers(worker)) && (await agentReportsRunning(ctx.info, worker)),
    readyTimeoutMs: 180_000,
  });
}

async function groupMemberCount(info: StackInfo): Promise<number> {
  const kafka = new Kafka({
    clientId: 'connectory-stack',
    brokers: info.kafka.bootstrap.split(','),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2_000,
    // kafkajs fills its broker pool lazily, on the first retry of the coordinator lookup
    retry: { retries: 3, initialRetryTime: 200 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const { groups } = await admin.describeGroups([CONNECT_GROUP_ID]);
    const group = groups[0];
    return group?.state === 'Stable' ? group.members.length : 0;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

export async function upConnect(ctx: StackContext, cp: KafkaClasspath): Promise<void> {
  const workers = ctx.info.connect.workers;
  await Promise.all(workers.map((worker) => upWorker(ctx, worker, cp)));
  try {
    await waitUntil(async () => (await groupMemberCount(ctx.info)) === workers.length, { timeoutMs: 60_000, intervalMs: 1_000 });
  } catch (err) {
    throw new StackError('connect', `workers did not all join group ${CONNECT_GROUP_ID}: ${(err as Error).message}`, workers[0]!.logFile);
  }
  ctx.log(`connect: ${workers.length} workers in group ${CONNECT_GROUP_ID}: ${workers.map((w) => w.url).join(' ')}`);
}
