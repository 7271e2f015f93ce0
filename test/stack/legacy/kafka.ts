/**
 * The `legacy` Kafka cluster: a second, separate single-node KRaft cluster on an older Kafka line, the source of
 * migrations in tests and the demo (moving off an older version is the common real case). Started on demand
 * (`ensureLegacyKafka()`, `cli.ts legacy`, `up --legacy`), own ports and data under .stack/legacy-kafka/, its
 * process `kafka-legacy` in stack.json (stopped by `down` like every `kafka-` process) and its address recorded
 * there as `legacyKafka`, which the demo's server registers as cluster `legacy` (and in its own state file,
 * .stack/legacy-kafka/cluster.json, which survives a launcher that rewrites stack.json without that field).
 *
 * Kafka 3.9.x is not served by the Maven repository this project resolves from, so the oldest line it serves,
 * 4.0 (legacy/pom.xml), stands in: a different broker version than the shared stack's, with its own jars.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { StackError } from '../errors';
import { jvmArgs, writeProperties } from '../kafka/jvm';
import { withLauncherLock } from '../lock';
import { logFile, REPO_ROOT, serviceDir } from '../paths';
import { newKafkaClusterId } from '../plan';
import { HOST, keepOrPickPort, portAnswers } from '../ports';
import { isAlive, runToLog, serviceEnv, spawnDetached } from '../processes';
import { findProcess, readStackFile, recordProcess, writeStackFile } from '../state';
import type { LegacyKafkaInfo } from '../types';
import { waitUntil } from '../wait';

export type { LegacyKafkaInfo };

const LEGACY_POM = join(REPO_ROOT, 'test', 'stack', 'legacy', 'pom.xml');
const DIR = 'legacy-kafka';
const PROCESS = 'kafka-legacy';
const HEAP_MB = 256;

function legacyVersion(): string {
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(readFileSync(LEGACY_POM, 'utf8'));
  if (!match?.[1]) throw new StackError(PROCESS, `no <kafka.version> in ${LEGACY_POM}`);
  return match[1];
}

/** Resolved once per pom content into .stack/cache/, like the shared broker's classpath. */
async function legacyClasspath(log: (line: string) => void): Promise<string[]> {
  const hash = createHash('sha256').update(readFileSync(LEGACY_POM)).digest('hex').slice(0, 16);
  const file = serviceDir('cache', `legacy-kafka-classpath-${hash}.txt`);
  const read = () => readFileSync(file, 'utf8').trim().split(':').filter(Boolean);
  if (existsSync(file) && read().every((jar) => existsSync(jar))) return read();
  log(`maven: resolving Kafka ${legacyVersion()} jars for the legacy cluster`);
  mkdirSync(serviceDir('cache'), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const args = ['-q', '-B', '-Dstyle.color=never', '-f', LEGACY_POM, 'dependency:build-classpath', `-Dmdep.outputFile=${tmp}`, '-Dmdep.includeScope=runtime'];
  const code = await runToLog('mvn', args, { logFile: logFile('maven') });
  if (code !== 0) throw new StackError('maven', `mvn exited with ${code} resolving ${LEGACY_POM}`, logFile('maven'));
  renameSync(tmp, file);
  return read();
}

const stateFile = () => serviceDir(DIR, 'cluster.json');

function readState(): LegacyKafkaInfo | null {
  try {
    return JSON.parse(readFileSync(stateFile(), 'utf8')) as LegacyKafkaInfo;
  } catch {
    return null;
  }
}

function properties(info: LegacyKafkaInfo): string {
  return writeProperties({
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@${HOST}:${info.controllerPort}`,
    listeners: `PLAINTEXT://${HOST}:${info.port},CONTROLLER://${HOST}:${info.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${HOST}:${info.port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'log.dirs': join(serviceDir(DIR), 'data'),
    'num.partitions': 1,
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    'offsets.topic.replication.factor': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'group.initial.rebalance.delay.ms': 0,
    'num.network.threads': 2,
    'num.io.threads': 2,
    'log.retention.hours': 24,
    'log.segment.bytes': 16 * 1024 * 1024,
  });
}

async function answers(info: LegacyKafkaInfo): Promise<boolean> {
  const admin = new Kafka({ clientId: 'connectory-stack-legacy', brokers: [info.bootstrap], logLevel: logLevel.NOTHING, connectionTimeout: 2_000, requestTimeout: 5_000, retry: { retries: 0 } }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length === 1 && cluster.controller !== null;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/** Started when it is not running, reused when it is; the launcher lock serialises concurrent callers. */
export function ensureLegacy(log: (line: string) => void = () => {}): Promise<LegacyKafkaInfo> {
  return withLauncherLock(log, async () => {
    const stack = readStackFile();
    if (!stack) throw new StackError(PROCESS, 'no .stack/stack.json: start the local stack first');
    // its own state file first: a launcher that predates this cluster rewrites stack.json without `legacyKafka`
    const prev = readState() ?? stack.legacyKafka;
    const proc = findProcess(stack, PROCESS);
    if (prev && proc && isAlive(proc)) {
      // a live broker holds the data dir's lock: never start a second one on it, wait for this one instead
      await waitUntil(async () => (await portAnswers(prev.port)) && answers(prev), { timeoutMs: 120_000, intervalMs: 1_000 });
      if (!stack.legacyKafka) writeStackFile({ ...stack, legacyKafka: prev });
      return prev;
    }
    const taken = new Set<number>();
    const port = await keepOrPickPort(prev?.port, taken);
    const controllerPort = await keepOrPickPort(prev?.controllerPort, taken);
    const info: LegacyKafkaInfo = { bootstrap: `${HOST}:${port}`, port, controllerPort, clusterId: prev?.clusterId ?? newKafkaClusterId(), version: legacyVersion() };
    const jars = await legacyClasspath(log);
    const dir = serviceDir(DIR);
    const propsFile = join(dir, 'server.properties');
    mkdirSync(dir, { recursive: true });
    writeFileSync(stateFile(), `${JSON.stringify(info, null, 2)}\n`);
    writeFileSync(propsFile, properties(info));
    if (!existsSync(join(dir, 'data', 'meta.properties'))) {
      const args = [...jvmArgs(256, 'warn'), '-cp', jars.join(':'), 'kafka.tools.StorageTool', 'format', '--cluster-id', info.clusterId, '--config', propsFile, '--ignore-formatted'];
      const code = await runToLog('java', args, { logFile: logFile(PROCESS) });
      if (code !== 0) throw new StackError(PROCESS, `StorageTool format exited with ${code}`, logFile(PROCESS));
    }
    const started = spawnDetached({ name: PROCESS, command: 'java', args: [...jvmArgs(HEAP_MB, 'warn'), '-cp', jars.join(':'), 'kafka.Kafka', propsFile], logFile: logFile(PROCESS), cwd: dir, env: serviceEnv() });
    recordProcess(stack, started);
    try {
      await waitUntil(() => answers(info), { timeoutMs: 120_000, intervalMs: 1_000, abortIf: () => (isAlive(started) ? undefined : `${PROCESS} exited (see ${logFile(PROCESS)})`) });
    } catch (err) {
      throw new StackError(PROCESS, `the legacy broker did not answer: ${(err as Error).message}`, logFile(PROCESS));
    }
    // read again: other launchers may have recorded processes meanwhile (we hold the lock, but be exact)
    const latest = readStackFile() ?? stack;
    latest.legacyKafka = info;
    writeStackFile(latest);
    log(`kafka-legacy: Kafka ${info.version} up at ${info.bootstrap}`);
    return info;
  });
}
