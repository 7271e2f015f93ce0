// Whole pipelines on the shared stack (a Debezium source → Kafka → the Debezium JDBC sink → a PostgreSQL table),
// driven through Connectory's API the way a user would: plugins installed through the real install flow when the
// workers lack them, connectors made from catalog templates, the target table polled until it holds what the
// source holds, and GET /api/v1/pipelines asked to show source → topic → sink.
//
// Other test runs share the stack's workers and restart them (rolling installs) and create connectors meanwhile:
// every step here rides that out instead of failing on the first 502, 409 or UNASSIGNED.
import type postgres from 'postgres';
import { expect } from 'vitest';
import { connectorStates, describeOperation, finished, sleep, waitForOperation, type DeliveryServer } from './delivery';
import { waitFor } from './wait';

/** How many of the stack's workers hold the plugin `name` (as GET /connect/local/plugins/installed reports it). */
export async function pluginOnWorkers(ds: DeliveryServer, name: string): Promise<number> {
  const installed = await ds.api('GET', '/api/v1/connect/local/plugins/installed');
  expect(installed.status, JSON.stringify(installed.body)).toBe(200);
  return installed.body.workers.filter((worker: { plugins: { name: string }[] }) => worker.plugins.some((plugin) => plugin.name === name)).length;
}

/** Through POST /installs and the operation, unless every worker already has it (another test may have installed it). */
export async function ensureInstalled(ds: DeliveryServer, id: string, version: string, connectorClass: string): Promise<void> {
  const workers = ds.stack.connect.workers.length;
  if ((await pluginOnWorkers(ds, id)) === workers) return;
  const accepted = await ds.api('POST', '/api/v1/connect/local/installs', { catalog: { id, version } });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
  const operation = await waitForOperation(ds.api, accepted.body.id, finished);
  expect(operation.state, describeOperation(operation)).toBe('succeeded');
  expect(operation.classes).toContain(connectorClass);
  expect(await pluginOnWorkers(ds, id)).toBe(workers);
}

export interface TemplateConnector {
  /** Catalog entry and one of its templates, e.g. debezium-jdbc / jdbc-postgres-upsert. */
  entry: string;
  template: string;
  name: string;
  /** The template's blanks. */
  values: Record<string, string>;
  /** The rendered config comes back with secrets masked, like every response: the caller puts its own in. */
  secrets: Record<string, string>;
  /** Config keys beyond the template's. */
  extra?: Record<string, string>;
}

/**
 * Renders the template, creates the connector with PUT and waits until it and its tasks are RUNNING. The name goes
 * into `created` (the list the test's clean-up deletes) before the PUT: a PUT that failed midway may have created it.
 */
export async function createFromTemplate(ds: DeliveryServer, connector: TemplateConnector, created: string[]): Promise<void> {
  const { entry, template, name, values, secrets, extra = {} } = connector;
  const rendered = await ds.api('POST', `/api/v1/catalog/${entry}/templates/${template}/render`, { values });
  expect(rendered.status, JSON.stringify(rendered.body)).toBe(200);
  created.push(name);
  // other tests restart the shared workers (rolling installs): a PUT that meets a worker down or a rebalance is
  // refused (502, 409) without creating anything, and is sent again; one that got through answers 200 the second time
  const config = { ...rendered.body.config, ...secrets, ...extra };
  let put = await ds.api('PUT', `/api/v1/connect/local/connectors/${name}`, { config });
  for (let tries = 0; (put.status === 502 || put.status === 409) && tries < 30; tries += 1) {
    await sleep(2_000);
    put = await ds.api('PUT', `/api/v1/connect/local/connectors/${name}`, { config });
  }
  expect([200, 201], JSON.stringify(put.body)).toContain(put.status);
  const deadline = Date.now() + 180_000;
  for (;;) {
    const states = await connectorStates(ds.stack, name);
    if (states?.connector === 'RUNNING' && states.tasks.length > 0 && states.tasks.every((t) => t === 'RUNNING')) return;
    if (states?.tasks.includes('FAILED') || Date.now() > deadline) {
      const status = await fetch(`${ds.stack.connect.url}/connectors/${name}/status`).then((r) => r.text());
      throw new Error(`connector ${name}: ${status}`);
    }
    await sleep(1_000);
  }
}

/** The JDBC sink from its catalog template, upserting `topic` into `table` of the PostgreSQL database at `targetUrl`. */
export async function createPostgresSink(ds: DeliveryServer, sink: { name: string; targetUrl: string; topic: string; table: string }, created: string[]): Promise<void> {
  const target = new URL(sink.targetUrl);
  const password = decodeURIComponent(target.password);
  await createFromTemplate(
    ds,
    {
      entry: 'debezium-jdbc',
      template: 'jdbc-postgres-upsert',
      name: sink.name,
      values: {
        connection_url: `jdbc:postgresql://${target.hostname}:${target.port}${target.pathname}`,
        username: decodeURIComponent(target.username),
        password,
        topics: sink.topic,
        table: sink.table,
      },
      secrets: { 'connection.password': password },
    },
    created,
  );
}

export type Row = { id: number; name: string; qty: number };

/** Polls the target table until it holds exactly `expected` (ordered by id). */
export async function waitForRows(pg: postgres.Sql, table: string, expected: Row[], timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = 'no table yet';
  while (Date.now() < deadline) {
    try {
      const rows = await pg.unsafe(`select id, name, qty from ${table} order by id`);
      last = rows.map((r) => ({ id: Number(r.id), name: r.name, qty: Number(r.qty) }));
      if (JSON.stringify(last) === JSON.stringify(expected)) return;
    } catch (error) {
      last = (error as Error).message; // the sink creates the table with the first record
    }
    await sleep(1_000);
  }
  throw new Error(`PostgreSQL ${table}: expected ${JSON.stringify(expected)}, last saw ${JSON.stringify(last)}`);
}

/**
 * GET /api/v1/pipelines shows `source` → `topic` → `sink` on the local clusters, both connectors RUNNING, with the
 * links, topics, group and edges a pipeline page draws; then the sink's lag reaches 0 once it has caught up.
 */
export async function expectPipelineShown(ds: DeliveryServer, { source: SOURCE, topic: TOPIC, sink: SINK }: { source: string; topic: string; sink: string }): Promise<void> {
  // both RUNNING in the view (a worker another test restarts meanwhile makes a connector UNASSIGNED for a while)
  const { cluster, flow } = await waitFor(
    async () => {
      const answer = await ds.api('GET', '/api/v1/pipelines?connect=local');
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      const cluster = answer.body.clusters.find((c: { kafkaId: string | null }) => c.kafkaId === 'local');
      const flow = cluster?.flows.find((f: { sources: { name: string }[] }) => f.sources.some((s) => s.name === SOURCE));
      const running = (nodes: { name: string; state: string }[] | undefined, name: string) => nodes?.find((n) => n.name === name)?.state === 'RUNNING';
      return running(flow?.sources, SOURCE) && running(flow?.sinks, SINK) ? { cluster, flow } : undefined;
    },
    { timeoutMs: 180_000, intervalMs: 2_000, what: `GET /pipelines to show ${SOURCE} → ${SINK}, both RUNNING` },
  );
  expect(cluster.connectIds).toContain('local');
  const source = flow.sources.find((s: { name: string }) => s.name === SOURCE);
  expect(source).toMatchObject({ state: 'RUNNING', connectorState: 'RUNNING', topicsFrom: 'connect', tasks: { total: 1, running: 1, failed: 0 } });
  expect(source.topics).toContain(TOPIC);
  expect(source.links).toEqual({ api: `/api/v1/connect/local/connectors/${SOURCE}`, page: `/connectors/local/${SOURCE}` });
  expect(flow.topics.map((t: { name: string }) => t.name)).toContain(TOPIC);
  const sink = flow.sinks.find((s: { name: string }) => s.name === SINK);
  expect(sink).toMatchObject({ state: 'RUNNING', connectorState: 'RUNNING', topics: [TOPIC], groupId: `connect-${SINK}` });
  expect(flow.edges).toContainEqual(expect.objectContaining({ from: `source:local/${SOURCE}`, to: `topic:${TOPIC}` }));
  expect(flow.edges).toContainEqual(expect.objectContaining({ from: `topic:${TOPIC}`, to: `sink:local/${SINK}` }));

  // the sink's group commits (every 5 s on the stack): its lag reaches the sampler, and is 0 once caught up
  const deadline = Date.now() + 180_000;
  let seen: unknown;
  while (Date.now() < deadline) {
    const again = await ds.api('GET', '/api/v1/pipelines?kafka=local');
    const s = again.body.clusters[0]?.flows.flatMap((f: { sinks: unknown[] }) => f.sinks).find((x: { name: string }) => x.name === SINK);
    seen = s;
    if (s?.lag === 0) break;
    await sleep(2_000);
  }
  expect(seen).toMatchObject({ lag: 0 });
}

// ------------------------------------------------------------------------------------------ clean-up

/**
 * Runs every clean-up step, also after one failed, then fails naming each that did: a pipeline test that leaves a
 * connector, a replication slot or a topic behind on the shared stack says so instead of passing. A step that does
 * not apply (nothing of that kind was made) is passed as `false` or undefined.
 */
export async function cleanUp(steps: (readonly [what: string, step: () => Promise<unknown>] | false | undefined)[]): Promise<void> {
  const failures: string[] = [];
  for (const [what, step] of steps.filter((s) => !!s)) {
    try {
      await step();
    } catch (error) {
      failures.push(`${what}: ${(error as Error).message}`);
    }
  }
  if (failures.length > 0) throw new Error(`Clean-up left things behind:\n${failures.join('\n')}`);
}

/**
 * DELETE through the API until it is done (204) or there was nothing to delete (404). A worker restarting or a
 * rebalance (502, 409) is waited out, and so is a sink's consumer group whose members are still leaving (409).
 */
async function removeThroughApi(ds: DeliveryServer, path: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await ds.api('DELETE', path).catch((error: Error) => ({ status: 0, body: error.message }));
    if (answer.status === 204 || answer.status === 404) return;
    if (![0, 409, 502, 503].includes(answer.status) || Date.now() > deadline) throw new Error(`DELETE ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    await sleep(2_000);
  }
}

export function removeConnector(ds: DeliveryServer, name: string): Promise<void> {
  return removeThroughApi(ds, `/api/v1/connect/local/connectors/${encodeURIComponent(name)}`);
}

/** A sink's group (`connect-<sink>`) and its offsets: deletable once the deleted sink's tasks have left it. */
export function removeConsumerGroup(ds: DeliveryServer, groupId: string): Promise<void> {
  return removeThroughApi(ds, `/api/v1/clusters/local/consumer-groups/${encodeURIComponent(groupId)}`);
}

/** The API deletes a topic only when its name is typed again (`confirm`), as a guard against losing data. */
export function removeTopic(ds: DeliveryServer, topic: string): Promise<void> {
  const name = encodeURIComponent(topic);
  return removeThroughApi(ds, `/api/v1/clusters/local/topics/${name}?confirm=${name}`);
}
