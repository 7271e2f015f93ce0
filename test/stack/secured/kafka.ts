/**
 * A second, secured Kafka broker beside the shared stack, started on demand by the tests that need it (and reused
 * while it runs): KRaft combined mode with a SASL_SSL listener (SCRAM-SHA-512 over TLS), a mutual-TLS listener
 * (SSL, client certificate required), a controller listener that also requires the broker's own certificate, and
 * the StandardAuthorizer denying everyone but the super users unless an ACL allows it. Its process is recorded in
 * `.stack/stack.json`, so `stack down` stops it; its ports, passwords and certificates live in
 * `.stack/secured-kafka/secured.json` (the shared stack's planner does not know this service).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { StackError } from '../errors';
import { jvmArgs, writeProperties } from '../kafka/jvm';
import { resolveKafkaClasspath, type KafkaClasspath } from '../kafka/classpath';
import { withLauncherLock } from '../lock';
import { logFile, serviceDir } from '../paths';
import { newKafkaClusterId } from '../plan';
import { HOST, keepOrPickPort } from '../ports';
import { isAlive, runToLog, serviceEnv, spawnDetached, stopProcess } from '../processes';
import { ensureService, type StackContext } from '../service';
import { findProcess, readStack } from '../state';
import { BROKER_CN, ensureSecuredCerts, MTLS_CLIENT_CN, readPem, type SecuredCerts } from './certs';

export const SECURED_PROCESS = 'kafka-secured';
export const SECURED_DIR = serviceDir('secured-kafka');
const STATE_FILE = join(SECURED_DIR, 'secured.json');
const HEAP_MB = 320;

export interface ScramUser {
  username: string;
  password: string;
  /** `User:<name>`, as ACLs name it */
  principal: string;
}

/** What tests need to reach the secured broker. PEMs are file contents, not paths. */
export interface SecuredKafka {
  clusterId: string;
  /** SASL_SSL listener (SCRAM-SHA-512), `127.0.0.1:port` */
  saslSslBootstrap: string;
  /** SSL listener requiring a client certificate, `127.0.0.1:port` */
  mtlsBootstrap: string;
  controllerPort: number;
  mechanism: 'scram-sha-512';
  /** super user */
  admin: ScramUser;
  /** no rights of its own: for ACL tests */
  reader: ScramUser;
  caPem: string;
  /** client certificate of `User:connectory-mtls` (a super user) for the mTLS listener */
  mtlsClient: { certPem: string; keyPem: string; principal: string };
  /** a CA that signed nothing the broker trusts or presents, and a client certificate it signed */
  untrusted: { caPem: string; certPem: string; keyPem: string };
  logFile: string;
}

interface SecuredState {
  clusterId: string;
  saslSslPort: number;
  mtlsPort: number;
  controllerPort: number;
  adminPassword: string;
  readerPassword: string;
}

const secret = (): string => randomBytes(18).toString('base64url');

function readState(): SecuredState | undefined {
  if (!existsSync(STATE_FILE)) return undefined;
  try {
    return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as SecuredState;
  } catch {
    return undefined;
  }
}

function brokerProperties(state: SecuredState, certs: SecuredCerts): string {
  const jaas = (user: string, password: string) =>
    `org.apache.kafka.common.security.scram.ScramLoginModule required username="${user}" password="${password}";`;
  return writeProperties({
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@${HOST}:${state.controllerPort}`,
    listeners: `SECURE://${HOST}:${state.saslSslPort},MTLS://${HOST}:${state.mtlsPort},CONTROLLER://${HOST}:${state.controllerPort}`,
    'advertised.listeners': `SECURE://${HOST}:${state.saslSslPort},MTLS://${HOST}:${state.mtlsPort}`,
    'listener.security.protocol.map': 'SECURE:SASL_SSL,MTLS:SSL,CONTROLLER:SSL',
    'controller.listener.names': 'CONTROLLER',
    // The broker talks to itself over mutual TLS with its own certificate: no password of its own to configure.
    'inter.broker.listener.name': 'MTLS',
    'ssl.keystore.type': 'PKCS12',
    'ssl.keystore.location': certs.keystore,
    'ssl.keystore.password': certs.storePassword,
    'ssl.key.password': certs.storePassword,
    'ssl.truststore.type': 'PKCS12',
    'ssl.truststore.location': certs.truststore,
    'ssl.truststore.password': certs.storePassword,
    'ssl.client.auth': 'none',
    'listener.name.mtls.ssl.client.auth': 'required',
    'listener.name.controller.ssl.client.auth': 'required',
    // principals are the certificate's CN (User:connectory-mtls), not the whole distinguished name
    'ssl.principal.mapping.rules': 'RULE:^CN=([^,]+).*$/$1/,DEFAULT',
    'sasl.enabled.mechanisms': 'SCRAM-SHA-512',
    'listener.name.secure.sasl.enabled.mechanisms': 'SCRAM-SHA-512',
    'listener.name.secure.scram-sha-512.sasl.jaas.config': jaas('admin', state.adminPassword),
    'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'allow.everyone.if.no.acl.found': false,
    'super.users': `User:admin;User:${BROKER_CN};User:${MTLS_CLIENT_CN}`,
    'log.dirs': join(SECURED_DIR, 'data'),
    'num.partitions': 1,
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    'offsets.topic.replication.factor': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    'group.initial.rebalance.delay.ms': 0,
    'num.network.threads': 2,
    'num.io.threads': 2,
    'log.retention.hours': 24,
    'log.segment.bytes': 16 * 1024 * 1024,
  });
}

/** Formats the data dir once, creating the SCRAM users in the cluster's first metadata. */
async function formatStorage(state: SecuredState, cp: KafkaClasspath, propsFile: string): Promise<void> {
  if (existsSync(join(SECURED_DIR, 'data', 'meta.properties'))) return;
  const log = logFile(SECURED_PROCESS);
  const args = [...jvmArgs(256, 'warn'), '-cp', cp.jars.join(':'), 'kafka.tools.StorageTool', 'format',
    '--cluster-id', state.clusterId, '--config', propsFile, '--ignore-formatted',
    '--add-scram', `SCRAM-SHA-512=[name=admin,password=${state.adminPassword}]`,
    '--add-scram', `SCRAM-SHA-512=[name=reader,password=${state.readerPassword}]`];
  const code = await runToLog('java', args, { logFile: log });
  if (code !== 0) throw new StackError('secured kafka', `StorageTool format exited with ${code}`, log);
}

function toInfo(state: SecuredState, certs: SecuredCerts): SecuredKafka {
  return {
    clusterId: state.clusterId,
    saslSslBootstrap: `${HOST}:${state.saslSslPort}`,
    mtlsBootstrap: `${HOST}:${state.mtlsPort}`,
    controllerPort: state.controllerPort,
    mechanism: 'scram-sha-512',
    admin: { username: 'admin', password: state.adminPassword, principal: 'User:admin' },
    reader: { username: 'reader', password: state.readerPassword, principal: 'User:reader' },
    caPem: readPem(certs.caPem),
    mtlsClient: { certPem: readPem(certs.clientCertPem), keyPem: readPem(certs.clientKeyPem), principal: `User:${MTLS_CLIENT_CN}` },
    untrusted: { caPem: readPem(certs.untrustedCaPem), certPem: readPem(certs.untrustedClientCertPem), keyPem: readPem(certs.untrustedClientKeyPem) },
    logFile: logFile(SECURED_PROCESS),
  };
}

/** kafkajs settings for the SASL_SSL listener as `user`: for tests acting as an outside client. */
export function securedKafkajsConfig(info: SecuredKafka, user: ScramUser = info.admin) {
  const sasl: SASLOptions = { mechanism: 'scram-sha-512', username: user.username, password: user.password };
  return { brokers: [info.saslSslBootstrap], ssl: { ca: [info.caPem] }, sasl };
}

async function answers(info: SecuredKafka): Promise<boolean> {
  const kafka = new Kafka({
    clientId: 'connectory-stack-secured',
    ...securedKafkajsConfig(info),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    requestTimeout: 5_000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length === 1 && cluster.controller !== null;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/**
 * The secured broker, started if it is not running (reused if it is). Needs the shared stack to be up (its
 * stack file records the process, and its Kafka classpath is reused); never touches the shared services.
 */
export function ensureSecuredKafka(options: { log?: (line: string) => void } = {}): Promise<SecuredKafka> {
  const log = options.log ?? ((line: string) => console.log(`[secured kafka] ${line}`));
  return withLauncherLock(log, async () => {
    const stack = readStack();
    if (!stack) throw new StackError('secured kafka', 'the shared stack is not up: run `npx tsx test/stack/cli.ts up` first');
    const ctx: StackContext = { info: stack, log };
    const running = findProcess(stack, SECURED_PROCESS);
    let state = readState();
    if (running && isAlive(running) && !state) {
      // a broker whose passwords we no longer know is of no use: start over
      await stopProcess(running);
    }
    if (!state || !(running && isAlive(running))) {
      if (!state) rmSync(SECURED_DIR, { recursive: true, force: true });
      const taken = new Set<number>();
      const fresh: SecuredState = {
        clusterId: state?.clusterId ?? newKafkaClusterId(),
        saslSslPort: await keepOrPickPort(state?.saslSslPort, taken),
        mtlsPort: await keepOrPickPort(state?.mtlsPort, taken),
        controllerPort: await keepOrPickPort(state?.controllerPort, taken),
        adminPassword: state?.adminPassword ?? secret(),
        readerPassword: state?.readerPassword ?? secret(),
      };
      state = fresh;
      mkdirSync(SECURED_DIR, { recursive: true });
      writeFileSync(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`);
    }
    const certs = ensureSecuredCerts(join(SECURED_DIR, 'certs'));
    const info = toInfo(state, certs);
    const propsFile = join(SECURED_DIR, 'server.properties');
    const cp = await resolveKafkaClasspath(log);
    const current = state;
    await ensureService(ctx, {
      service: 'secured kafka',
      processName: SECURED_PROCESS,
      ports: [current.saslSslPort, current.mtlsPort, current.controllerPort],
      logFile: info.logFile,
      prepare: async () => {
        writeFileSync(propsFile, brokerProperties(current, certs));
        await formatStorage(current, cp, propsFile);
      },
      start: () =>
        spawnDetached({
          name: SECURED_PROCESS,
          command: 'java',
          args: [...jvmArgs(HEAP_MB), '-cp', cp.jars.join(':'), 'kafka.Kafka', propsFile],
          logFile: info.logFile,
          cwd: SECURED_DIR,
          env: serviceEnv(),
        }),
      ready: () => answers(info),
      readyTimeoutMs: 120_000,
    });
    return info;
  });
}
