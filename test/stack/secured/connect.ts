/**
 * A Kafka Connect worker on the secured broker, started on demand (and reused while it runs): its REST API is
 * served over HTTPS only (the stack CA's certificate for 127.0.0.1) behind Connect's BasicAuthSecurityRestExtension
 * (a JAAS file naming a properties file of users), and it reaches Kafka over SASL_SSL as the SCRAM admin. One
 * worker, its own group and internal topics; connect-file is on its classpath. Its process `connect-secured` is in
 * `.stack/stack.json`, so `stack down` stops it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { StackError } from '../errors';
import { resolveKafkaClasspath } from '../kafka/classpath';
import { jvmArgs, writeProperties } from '../kafka/jvm';
import { withLauncherLock } from '../lock';
import { logFile, serviceDir } from '../paths';
import { HOST, keepOrPickPort } from '../ports';
import { serviceEnv, spawnDetached } from '../processes';
import { ensureService, type StackContext } from '../service';
import { readStack } from '../state';
import { ensureSecuredCerts } from './certs';
import { ensureSecuredKafka, SECURED_DIR, type SecuredKafka } from './kafka';

export const SECURED_CONNECT_PROCESS = 'connect-secured';
const DIR = serviceDir('secured-connect');
const STATE_FILE = join(DIR, 'secured-connect.json');
const HEAP_MB = 320;
export const SECURED_CONNECT_GROUP = 'connectory-secured';

export interface SecuredConnect {
  /** `https://127.0.0.1:PORT` */
  url: string;
  /** basic auth user of the REST API */
  username: string;
  password: string;
  /** the CA that signed the worker's certificate */
  caPem: string;
  groupId: string;
  /** the secured broker the worker uses */
  kafka: SecuredKafka;
  logFile: string;
}

interface State {
  port: number;
  password: string;
}

function readState(): State | undefined {
  if (!existsSync(STATE_FILE)) return undefined;
  try {
    return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as State;
  } catch {
    return undefined;
  }
}

function workerProperties(state: State, kafka: SecuredKafka, certs: ReturnType<typeof ensureSecuredCerts>): string {
  const jaas = `org.apache.kafka.common.security.scram.ScramLoginModule required username="${kafka.admin.username}" password="${kafka.admin.password}";`;
  // every Kafka client of the worker: its own, and the producers, consumers and admins of its connectors
  const kafkaClient: Record<string, string> = {
    'security.protocol': 'SASL_SSL',
    'sasl.mechanism': 'SCRAM-SHA-512',
    'sasl.jaas.config': jaas,
    'ssl.truststore.type': 'PKCS12',
    'ssl.truststore.location': certs.truststore,
    'ssl.truststore.password': certs.storePassword,
  };
  const prefixed = (prefix: string) => Object.fromEntries(Object.entries(kafkaClient).map(([k, v]) => [`${prefix}${k}`, v]));
  return writeProperties({
    'bootstrap.servers': kafka.saslSslBootstrap,
    ...kafkaClient,
    ...prefixed('producer.'),
    ...prefixed('consumer.'),
    ...prefixed('admin.'),
    'group.id': SECURED_CONNECT_GROUP,
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'config.storage.topic': 'secured-connect-configs',
    'offset.storage.topic': 'secured-connect-offsets',
    'status.storage.topic': 'secured-connect-status',
    'config.storage.replication.factor': 1,
    'offset.storage.replication.factor': 1,
    'status.storage.replication.factor': 1,
    'offset.storage.partitions': 1,
    'status.storage.partitions': 1,
    'offset.flush.interval.ms': 2_000,
    listeners: `https://${HOST}:${state.port}`,
    'rest.advertised.listener': 'https',
    'rest.advertised.host.name': HOST,
    'rest.advertised.port': state.port,
    // Connect takes the listener's TLS settings all from this prefix when any is set
    'listeners.https.ssl.keystore.type': 'PKCS12',
    'listeners.https.ssl.keystore.location': certs.keystore,
    'listeners.https.ssl.keystore.password': certs.storePassword,
    'listeners.https.ssl.key.password': certs.storePassword,
    'listeners.https.ssl.truststore.type': 'PKCS12',
    'listeners.https.ssl.truststore.location': certs.truststore,
    'listeners.https.ssl.truststore.password': certs.storePassword,
    'listeners.https.ssl.client.auth': 'none',
    'rest.extension.classes': 'org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension',
    'plugin.discovery': 'only_scan',
    'scheduled.rebalance.max.delay.ms': 5_000,
  });
}

/** GET over HTTPS with the stack CA and basic auth: the status code, or an error. */
export function securedGet(connect: Pick<SecuredConnect, 'url' | 'caPem'>, path: string, auth?: { username: string; password: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = auth ? { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` } : {};
    const req = request(`${connect.url}${path}`, { ca: connect.caPem, headers, timeout: 3_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

/**
 * The secured Connect worker (and the secured broker it needs), started if not running, reused if it is. The
 * first start takes a while: the worker creates its internal topics and joins its group before it answers.
 */
export async function ensureSecuredConnect(options: { log?: (line: string) => void } = {}): Promise<SecuredConnect> {
  const log = options.log ?? ((line: string) => console.log(`[secured connect] ${line}`));
  const kafka = await ensureSecuredKafka({ log });
  return withLauncherLock(log, async () => {
    const stack = readStack();
    if (!stack) throw new StackError('secured connect', 'the shared stack is not up: run `npx tsx test/stack/cli.ts up` first');
    const ctx: StackContext = { info: stack, log };
    let state = readState();
    if (!state) {
      state = { port: await keepOrPickPort(undefined, new Set()), password: randomBytes(18).toString('base64url') };
      mkdirSync(DIR, { recursive: true });
      writeFileSync(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`);
    }
    const certs = ensureSecuredCerts(join(SECURED_DIR, 'certs'));
    const info: SecuredConnect = {
      url: `https://${HOST}:${state.port}`,
      username: 'connectory',
      password: state.password,
      caPem: kafka.caPem,
      groupId: SECURED_CONNECT_GROUP,
      kafka,
      logFile: logFile(SECURED_CONNECT_PROCESS),
    };
    const cp = await resolveKafkaClasspath(log);
    const propsFile = join(DIR, 'worker.properties');
    const jaasFile = join(DIR, 'rest-jaas.conf');
    const usersFile = join(DIR, 'rest-users.properties');
    const current = state;
    await ensureService(ctx, {
      service: 'secured connect',
      processName: SECURED_CONNECT_PROCESS,
      ports: [current.port],
      logFile: info.logFile,
      prepare: async () => {
        mkdirSync(DIR, { recursive: true });
        writeFileSync(usersFile, `${info.username}=${info.password}\n`);
        writeFileSync(jaasFile, `KafkaConnect {\n  org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule required\n  file="${usersFile}";\n};\n`);
        writeFileSync(propsFile, workerProperties(current, kafka, certs));
      },
      start: () =>
        spawnDetached({
          name: SECURED_CONNECT_PROCESS,
          command: 'java',
          args: [...jvmArgs(HEAP_MB), `-Djava.security.auth.login.config=${jaasFile}`, '-cp', [...cp.jars, cp.connectFileJar].join(':'),
            'org.apache.kafka.connect.cli.ConnectDistributed', propsFile],
          logFile: info.logFile,
          cwd: DIR,
          env: serviceEnv(),
        }),
      // `/connectors` answers once the worker joined its group and read its configs
      ready: async () => (await securedGet(info, '/connectors', info)) === 200,
      readyTimeoutMs: 180_000,
    });
    return info;
  });
}
