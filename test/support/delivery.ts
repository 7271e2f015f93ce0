// Plugin delivery tests against the real stack: a real server process (killable mid-operation), API calls with
// a bearer token, operation polling and SSE, a custom connector compiled with javac, Kafka reads, and a plugin
// agent stand-in that fails on request.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { requireStack, STACK_FILE } from '../stack';
import type { StackInfo } from '../stack/types';
import { buildZip } from './archives';
import { createTestDatabase, type TestDatabase } from './db';
import { startServer, type RunningServer } from './server';

const run = promisify(execFile);
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The stack under test: `.stack/stack.json`, or another stack file named by CONNECTORY_STACK_FILE (same shape). */
export function deliveryStack(): { stack: StackInfo; file: string } {
  const file = process.env.CONNECTORY_STACK_FILE;
  if (!file) return { stack: requireStack(), file: STACK_FILE };
  return { stack: JSON.parse(readFileSync(file, 'utf8')) as StackInfo, file };
}

export type Api = <T = any>(method: string, path: string, body?: unknown) => Promise<{ status: number; body: T; headers: Headers }>;

export interface DeliveryServer {
  stack: StackInfo;
  server: RunningServer;
  url: string;
  token: string;
  api: Api;
  /** The server's PostgreSQL database. */
  databaseUrl: string;
  /** One more server process on the same database and data folder, as a second instance behind a load balancer. */
  another(extraEnv?: Record<string, string>): Promise<RunningServer>;
  /** Starts the server again on the same database and data folder (after stop or kill). */
  restart(extraEnv?: Record<string, string>): Promise<void>;
  /** SIGKILL, as a crash would. */
  kill(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real `tsx server/main.ts` on a fresh database, registered with the stack as `local` and downloading catalog
 * versions from the stack's Maven mirror; signed in with an admin API token.
 */
export async function startDeliveryServer(extraEnv: Record<string, string> = {}): Promise<DeliveryServer> {
  const { stack, file } = deliveryStack();
  await requirePluginAgents(stack);
  const database: TestDatabase = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'connectory-delivery-'));
  const env = {
    DATABASE_URL: database.url,
    CONNECTORY_DATA_DIR: dataDir,
    CONNECTORY_LOCAL_STACK: file,
    CONNECTORY_SECRET_KEY: 'connectory-delivery-test-secret-key',
    MAVEN_BASE_URL: stack.mavenMirror.url,
    LOG_LEVEL: 'info',
  };
  let server = await startServer({ ...env, ...extraEnv });
  const token = await adminToken(server);
  const state: DeliveryServer = {
    stack,
    server,
    url: server.url,
    token,
    api: (method, path, body) => apiCall(state.url, token, method, path, body),
    databaseUrl: database.url,
    another: (moreEnv = {}) => startServer({ ...env, ...extraEnv, ...moreEnv }),
    async restart(moreEnv = {}) {
      server = await startServer({ ...env, ...extraEnv, ...moreEnv });
      state.server = server;
      state.url = server.url;
    },
    async kill() {
      try {
        process.kill(-server.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      await server.stop();
    },
    async close() {
      await server.stop();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return state;
}

/** Agents started before plugin delivery existed answer 404 to `GET /plugins`: say so instead of failing later. */
async function requirePluginAgents(stack: StackInfo): Promise<void> {
  for (const worker of stack.connect.workers) {
    const response = await fetch(`${worker.agentUrl}/plugins`, { headers: { Authorization: `Bearer ${stack.connect.agentToken}` }, signal: AbortSignal.timeout(30_000) });
    await response.body?.cancel();
    if (response.status === 404) {
      throw new Error(`Plugin agent ${worker.agentUrl} (${worker.id}) has no GET /plugins: it runs code older than plugin delivery. Restart the stack (npx tsx test/stack/cli.ts down && npx tsx test/stack/cli.ts up).`);
    }
    if (!response.ok) throw new Error(`Plugin agent ${worker.agentUrl} (${worker.id}): GET /plugins answered ${response.status}`);
  }
}

async function adminToken(server: RunningServer): Promise<string> {
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: server.admin.username, password: server.admin.password }),
  });
  if (!login.ok) throw new Error(`Delivery test: login answered ${login.status}: ${await login.text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const created = await fetch(`${server.url}/api/v1/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrfToken },
    body: JSON.stringify({ name: `delivery-it-${randomBytes(3).toString('hex')}`, role: 'admin' }),
  });
  if (!created.ok) throw new Error(`Delivery test: POST /api/v1/tokens answered ${created.status}: ${await created.text()}`);
  return ((await created.json()) as { token: string }).token;
}

async function apiCall(url: string, token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(120_000),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { status: response.status, body: parsed as any, headers: response.headers };
}

/** An API caller for another server on the same database: the token lives in the database, so it works there too. */
export function apiOf(url: string, token: string): Api {
  return (method, path, body) => apiCall(url, token, method, path, body);
}

/** Polls `GET /api/v1/installs/{id}` until `done(operation)` holds. */
export async function waitForOperation(api: Api, id: string, done: (operation: any) => boolean, timeoutMs = 420_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  let last: any;
  while (Date.now() < deadline) {
    const answer = await api('GET', `/api/v1/installs/${id}`).catch(() => undefined);
    if (answer?.status === 200) {
      last = answer.body;
      if (done(last)) return last;
    }
    await sleep(1_000);
  }
  throw new Error(`Timed out waiting for install operation ${id}; last seen: ${JSON.stringify(last, null, 2)}`);
}

export const finished = (operation: any) => ['succeeded', 'failed', 'rolled_back'].includes(operation.state);

export function describeOperation(operation: any): string {
  const steps = (operation.steps ?? []).map((s: any) => `  #${s.position} ${s.phase} ${s.step} ${s.worker}: ${s.state}${s.error ? ` (${s.error})` : ''}`);
  return [`operation ${operation.id} ${operation.kind} ${operation.plugin}: ${operation.state}${operation.error ? ` (${operation.error})` : ''}`, ...steps].join('\n');
}

/** Reads `GET /api/v1/installs/{id}/events` until the stream ends; returns the events in order. */
export async function readEvents(base: string, token: string, id: string, timeoutMs = 420_000): Promise<{ event: string; data: any }[]> {
  const response = await fetch(`${base}/api/v1/installs/${id}/events`, { headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok || !response.body) throw new Error(`SSE answered ${response.status}: ${await response.text()}`);
  const events: { event: string; data: any }[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = [...block.matchAll(/^data: (.*)$/gm)].map((m) => m[1]).join('\n');
      if (event) events.push({ event, data: JSON.parse(data) });
    }
  }
  return events;
}

// ------------------------------------------------------------------------------------------ a connector built here

export interface CustomPlugin {
  /** The zip to upload. */
  file: string;
  connectorClass: string;
  version: string;
}

const M2 = join(homedir(), '.m2', 'repository');

function kafkaJar(artifact: string, version: string): string {
  const jar = join(M2, 'org', 'apache', 'kafka', artifact, version, `${artifact}-${version}.jar`);
  if (!existsSync(jar)) throw new Error(`Custom plugin build: ${jar} is missing (the local stack resolves it into ~/.m2)`);
  return jar;
}

/**
 * Compiles a small SourceConnector + SourceTask with javac against connect-api (and kafka-clients, for ConfigDef),
 * jars them with the META-INF/services entry Connect's plugin scanner reads, and zips the jar into a plugin folder.
 * The task writes `<message>-<n>` strings to `topic` every `interval.ms`, resuming `n` from its source offset.
 */
export async function buildCustomPlugin(options: { javaPackage: string; version: string; kafkaVersion: string; workDir: string }): Promise<CustomPlugin> {
  const dir = mkdtempSync(join(options.workDir, 'plugin-'));
  const pkgDir = join(dir, 'src', ...options.javaPackage.split('.'));
  mkdirSync(pkgDir, { recursive: true });
  writeFileSync(join(pkgDir, 'TickSourceConnector.java'), connectorSource(options.javaPackage, options.version));
  writeFileSync(join(pkgDir, 'TickSourceTask.java'), taskSource(options.javaPackage, options.version));
  const classes = join(dir, 'classes');
  mkdirSync(join(classes, 'META-INF', 'services'), { recursive: true });
  const classpath = [kafkaJar('connect-api', options.kafkaVersion), kafkaJar('kafka-clients', options.kafkaVersion)].join(':');
  await run('javac', ['--release', '17', '-cp', classpath, '-d', classes, join(pkgDir, 'TickSourceConnector.java'), join(pkgDir, 'TickSourceTask.java')]);
  const connectorClass = `${options.javaPackage}.TickSourceConnector`;
  writeFileSync(join(classes, 'META-INF', 'services', 'org.apache.kafka.connect.source.SourceConnector'), `${connectorClass}\n`);
  const jar = join(dir, 'tick-source.jar');
  await run('jar', ['--create', '--file', jar, '-C', classes, '.']);
  const zip = await buildZip([{ name: `tick-source-${options.version}/lib/tick-source.jar`, data: readFileSync(jar) }]);
  const file = join(dir, `tick-source-${options.version}.zip`);
  writeFileSync(file, zip);
  return { file, connectorClass, version: options.version };
}

function connectorSource(pkg: string, version: string): string {
  return `package ${pkg};

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

public class TickSourceConnector extends SourceConnector {
  static final ConfigDef CONFIG = new ConfigDef()
      .define("topic", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "Topic the ticks go to")
      .define("message", ConfigDef.Type.STRING, "tick", ConfigDef.Importance.MEDIUM, "Text before the counter")
      .define("interval.ms", ConfigDef.Type.LONG, 200L, ConfigDef.Importance.LOW, "Pause between records");
  private Map<String, String> props;

  @Override public String version() { return "${version}"; }
  @Override public void start(Map<String, String> props) { this.props = props; }
  @Override public Class<? extends Task> taskClass() { return TickSourceTask.class; }
  @Override public List<Map<String, String>> taskConfigs(int maxTasks) { return List.of(props); }
  @Override public void stop() { }
  @Override public ConfigDef config() { return CONFIG; }
}
`;
}

function taskSource(pkg: string, version: string): string {
  return `package ${pkg};

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

public class TickSourceTask extends SourceTask {
  private static final Map<String, String> PARTITION = Map.of("source", "tick");
  private String topic;
  private String message;
  private long interval;
  private long next;

  @Override public String version() { return "${version}"; }

  @Override public void start(Map<String, String> props) {
    topic = props.get("topic");
    message = props.getOrDefault("message", "tick");
    interval = Long.parseLong(props.getOrDefault("interval.ms", "200"));
    Map<String, Object> offset = context.offsetStorageReader().offset(PARTITION);
    next = offset == null ? 0 : ((Number) offset.get("n")).longValue() + 1;
  }

  @Override public List<SourceRecord> poll() throws InterruptedException {
    Thread.sleep(interval);
    long n = next++;
    return List.of(new SourceRecord(PARTITION, Map.of("n", n), topic, null, Schema.STRING_SCHEMA, message + "-" + n));
  }

  @Override public void stop() { }
}
`;
}

/** Uploads a file as multipart/form-data (field `file`, plus text fields). */
export async function uploadArtifact(base: string, token: string, file: string, fields: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append('file', new Blob([readFileSync(file)]), file.split('/').pop());
  const response = await fetch(`${base}/api/v1/artifacts`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
  return { status: response.status, body: await response.json() };
}

// ------------------------------------------------------------------------------------------ Kafka and Connect

/** Reads a topic from the beginning until `enough(values)` holds; values are the records' value strings. */
export async function readTopic(bootstrap: string, topic: string, enough: (values: string[]) => boolean, timeoutMs = 120_000): Promise<string[]> {
  const kafka = new Kafka({ clientId: 'connectory-delivery-it', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `delivery-it-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}` });
  const values: string[] = [];
  await consumer.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    // the topic may not exist yet: the connector creates it with its first record
    for (;;) {
      try {
        await consumer.subscribe({ topics: [topic], fromBeginning: true });
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await sleep(1_000);
      }
    }
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Topic ${topic}: condition not met within ${timeoutMs / 1000} s; read ${values.length} record(s): ${values.slice(-5).join(' | ')}`)), Math.max(1_000, deadline - Date.now()));
      void consumer.run({
        eachMessage: async ({ message }) => {
          values.push(message.value?.toString('utf8') ?? '');
          if (enough(values)) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    return values;
  } finally {
    await consumer.disconnect().catch(() => {});
  }
}

/** The connector's and its tasks' states straight from Connect, asking each worker until one answers. */
/** A connector's and its tasks' states, each with the worker (`host:port`) Connect says runs it. */
export async function connectorStates(
  stack: StackInfo,
  name: string,
): Promise<{ connector: string; tasks: string[]; connectorWorker: string; taskWorkers: string[] } | undefined> {
  for (const worker of stack.connect.workers) {
    try {
      const response = await fetch(`${worker.url}/connectors/${encodeURIComponent(name)}/status`, { signal: AbortSignal.timeout(3_000) });
      if (!response.ok) continue;
      type Instance = { state: string; worker_id: string };
      const body = (await response.json()) as { connector: Instance; tasks: Instance[] };
      return {
        connector: body.connector.state,
        tasks: body.tasks.map((t) => t.state),
        connectorWorker: body.connector.worker_id,
        taskWorkers: body.tasks.map((t) => t.worker_id),
      };
    } catch {
      // that worker is restarting: ask the next
    }
  }
  return undefined;
}

// ------------------------------------------------------------------------------------------ a plugin agent that fails on request

/**
 * Stands in front of a real agent: forwards everything, except that while `failPushes` is set it answers
 * `PUT /plugins/*` with a 500, the way an agent whose disk is full would.
 */
export class FaultyAgent {
  failPushes = false;
  pushesRefused = 0;
  readonly #server: Server;
  url = '';

  constructor(private readonly target: string) {
    this.#server = createServer((req, res) => {
      if (this.failPushes && req.method === 'PUT' && req.url?.startsWith('/plugins/')) {
        this.pushesRefused += 1;
        req.resume();
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'internal', message: 'plugin agent: disk full (injected by the test)' } }));
        return;
      }
      const upstream = new URL(req.url ?? '/', this.target);
      const forward = httpRequest(upstream, { method: req.method, headers: { ...req.headers, host: upstream.host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', (error) => {
        res.writeHead(502, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'proxy', message: error.message } }));
      });
      req.pipe(forward);
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const address = this.#server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return this.url;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** A work folder removed by the returned function. */
export function workFolder(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
