// Connectors through Connectory's API against the local stack's real two-worker Connect cluster, with
// Kafka's FileStream connectors: records flow from a source file through Kafka into a sink file.
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConfigSync } from '../../server/connectors/sync';
import { auditLog, connectorConfigVersions } from '../../server/db/tables';
import { SECRET_MASK } from '../../server/secrets/masking';
import { call, connectRest, connectTestApp, deleteConnectors, uniqueName, waitFor, type ConnectTestContext } from '../support/connect';
import { readStack } from '../stack/index';

const stack = readStack();
const SOURCE = 'org.apache.kafka.connect.file.FileStreamSourceConnector';
const SINK = 'org.apache.kafka.connect.file.FileStreamSinkConnector';

describe.runIf(stack)('connectors on the real Connect cluster', () => {
  let ctx: ConnectTestContext;
  let dir: string;
  const created: string[] = [];
  const base = '/api/v1/connect/local/connectors';

  const api = (method: string, path: string, body?: unknown, headers = ctx.operator) => call(ctx.testApp, method, path, headers, body);
  const lines = async (file: string) => (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean);
  const detail = async (name: string) => (await api('GET', `${base}/${name}`)).body;
  const waitForState = (name: string, state: string, taskState = state) =>
    waitFor(`${name} ${state}`, async () => {
      const d = await detail(name);
      return d?.state === state && d.tasks.length > 0 && d.tasks.every((task: { state: string }) => task.state === taskState) ? d : undefined;
    });
  const history = async (name: string) => (await api('GET', `${base}/${name}/history`)).body as { items: { version: number; source: string; actor: string | null }[]; total: number };

  /** Straight from Connect, polled: a rebalance follows every config change, and Connect refuses reads meanwhile. */
  const configOnConnect = (name: string) =>
    waitFor('the config on Connect', async () => {
      const answer = await connectRest(stack!.connect.url, 'GET', `/connectors/${name}/config`);
      return answer.status === 200 ? (answer.body as Record<string, string>) : undefined;
    });

  async function put(name: string, config: Record<string, string>, headers = ctx.operator) {
    if (!created.includes(name)) created.push(name);
    return api('PUT', `${base}/${name}`, { config }, headers);
  }

  beforeAll(async () => {
    ctx = await connectTestApp(stack!);
    dir = await mkdtemp(join(tmpdir(), 'connectory-connectors-'));
  });

  afterAll(async () => {
    if (stack) await deleteConnectors(stack, created);
    await ctx?.testApp.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  describe('a source and a sink', () => {
    let topic: string;
    let source: string;
    let sink: string;
    let input: string;
    let output: string;

    beforeAll(async () => {
      topic = uniqueName('lines');
      source = uniqueName('source');
      sink = uniqueName('sink');
      input = join(dir, 'in.txt');
      output = join(dir, 'out.txt');
      await writeFile(input, 'one\ntwo\nthree\n');
    });

    it('are created through the API and records flow end to end', async () => {
      const createdSource = await put(source, { 'connector.class': SOURCE, file: input, topic, 'tasks.max': '1' });
      expect(createdSource.status, JSON.stringify(createdSource.body)).toBe(201);
      expect(createdSource.body).toMatchObject({ connectId: 'local', name: source, created: true, changed: true, version: 1 });
      const createdSink = await put(sink, { 'connector.class': SINK, file: output, topics: topic, 'tasks.max': '1' });
      expect(createdSink.status, JSON.stringify(createdSink.body)).toBe(201);

      await waitFor('three lines in the sink file', async () => ((await lines(output)).length >= 3 ? true : undefined));
      expect(await lines(output)).toEqual(['one', 'two', 'three']);

      await appendFile(input, 'four\n');
      await waitFor('the appended line in the sink file', async () => ((await lines(output)).includes('four') ? true : undefined));
    });

    it('shows in the lists with state and tasks, filtered and paged', async () => {
      const running = await waitForState(source, 'RUNNING');
      expect(running).toMatchObject({ type: 'source', class: SOURCE, config: { file: input, topic } });
      expect(running.tasks[0]).toMatchObject({ id: 0, state: 'RUNNING', workerId: expect.any(String), trace: null });
      const withTopics = await waitFor('topics in use', async () => ((await detail(source)).topics?.includes(topic) ? true : undefined));
      expect(withTopics).toBe(true);

      const cluster = await api('GET', `${base}?q=${encodeURIComponent(source.slice(0, -7))}&size=500`);
      expect(cluster.status).toBe(200);
      const item = cluster.body.items.find((entry: { name: string }) => entry.name === source);
      expect(item).toMatchObject({ connectId: 'local', type: 'source', class: SOURCE, state: 'RUNNING', taskCounts: { running: 1, total: 1 } });
      expect(item.tasks).toEqual([{ id: 0, state: 'RUNNING', workerId: expect.any(String) }]);

      const sinks = await api('GET', `/api/v1/connectors?connectId=local&type=sink&q=${sink}`, undefined, ctx.viewer);
      expect(sinks.body).toMatchObject({ total: 1, errors: [], items: [{ name: sink, type: 'sink', connectId: 'local' }] });
      const byState = await api('GET', `/api/v1/connectors?state=paused,failed&q=${source}`);
      expect(byState.body.total).toBe(0);
      const paged = await api('GET', `${base}?q=cty-it-&size=1&page=1`);
      expect(paged.body.items).toHaveLength(1);
      expect(paged.body.total).toBeGreaterThanOrEqual(2);
    });

    it('pauses, resumes and stops', async () => {
      expect((await api('POST', `${base}/${source}/pause`)).status).toBe(202);
      await waitForState(source, 'PAUSED');
      expect((await api('POST', `${base}/${source}/resume`)).status).toBe(202);
      await waitForState(source, 'RUNNING');
      const stopped = await api('POST', `${base}/${source}/stop`);
      expect(stopped).toMatchObject({ status: 202, body: { action: 'stop', name: source } });
      await waitFor('source STOPPED', async () => ((await detail(source)).state === 'STOPPED' ? true : undefined));
    });

    it("resets and alters a stopped source's offsets, and the source reads again from there", async () => {
      const offsets = await waitFor('committed offsets', async () => {
        const answer = await api('GET', `${base}/${source}/offsets`);
        return answer.body.offsets?.length ? answer.body : undefined;
      });
      expect(offsets.offsets[0]).toMatchObject({ partition: { filename: input }, offset: { position: expect.any(Number) } });

      const reset = await api('DELETE', `${base}/${source}/offsets`);
      expect(reset.status).toBe(200);
      expect(reset.body.message).toMatch(/reset/i);
      expect((await api('GET', `${base}/${source}/offsets`)).body.offsets).toEqual([]);

      const afterFirstLine = Buffer.byteLength('one\n');
      const altered = await api('PATCH', `${base}/${source}/offsets`, { offsets: [{ partition: { filename: input }, offset: { position: afterFirstLine } }] });
      expect(altered.status).toBe(200);
      expect((await api('GET', `${base}/${source}/offsets`)).body.offsets).toEqual([{ partition: { filename: input }, offset: { position: afterFirstLine } }]);

      expect((await api('POST', `${base}/${source}/resume`)).status).toBe(202);
      // From the altered position the source reads "two" onwards again: those lines reach the sink twice.
      const reread = await waitFor('re-read lines in the sink', async () => {
        const seen = await lines(output);
        return seen.filter((line) => line === 'two').length === 2 && seen.filter((line) => line === 'four').length === 2 ? seen : undefined;
      });
      expect(reread.filter((line) => line === 'one')).toHaveLength(1);
    });

    it('refuses to change offsets of a running connector with Connect’s own reason', async () => {
      const refused = await api('DELETE', `${base}/${source}/offsets`);
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toMatch(/^Kafka Connect cluster "local" \(worker .*\): .*STOPPED/);
    });

    it('records every change in the audit log', async () => {
      const entries = await ctx.testApp.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.objectType, 'connector'), eq(auditLog.objectId, source)));
      const actions = entries.map((entry) => entry.action);
      expect(actions).toEqual(
        expect.arrayContaining([
          'connector.create',
          'connector.pause',
          'connector.resume',
          'connector.stop',
          'connector.offsets.reset',
          'connector.offsets.alter',
        ]),
      );
      const refused = entries.find((entry) => entry.outcome === 'failure');
      expect(refused?.action).toBe('connector.offsets.reset');
      expect(entries.every((entry) => entry.clusterId === 'local' && entry.actorKind === 'token')).toBe(true);
    });
  });

  it('restarts only the failed task of a sink that failed for real', async () => {
    const topic = uniqueName('fail');
    const sink = uniqueName('failing-sink');
    const missingDir = join(dir, 'not-yet');
    // The task opens its file when it starts; the directory does not exist, so it fails.
    const created = await put(sink, { 'connector.class': SINK, file: join(missingDir, 'out.txt'), topics: topic, 'tasks.max': '1' });
    expect(created.status).toBe(201);

    const failed = await waitFor('the task FAILED', async () => {
      const d = await detail(sink);
      return d?.state === 'RUNNING' && d.tasks[0]?.state === 'FAILED' ? d : undefined;
    });
    expect(failed.tasks[0].trace).toMatch(/FileStreamSinkTask|NoSuchFileException|Couldn't find or create file/);
    expect(failed.taskCounts).toMatchObject({ failed: 1, running: 0 });
    const failing = await api('GET', `/api/v1/connectors?state=running&q=${sink}`);
    expect(failing.body.items[0].taskCounts.failed).toBe(1);

    await mkdir(missingDir);
    const restarted = await api('POST', `${base}/${sink}/restart?includeTasks=true&onlyFailed=true`);
    expect(restarted.status).toBe(202);
    // Only the failed instance is being restarted: the connector instance stays RUNNING.
    expect(restarted.body.status.connector.state).toBe('RUNNING');
    expect(restarted.body.status.tasks).toEqual([expect.objectContaining({ id: 0, state: 'RESTARTING' })]);
    await waitForState(sink, 'RUNNING');

    expect((await api('POST', `${base}/${sink}/tasks/0/restart`)).status).toBe(202);
    expect((await api('POST', `${base}/${sink}/tasks/7/restart`)).status).toBe(404);
  });

  describe('config history', () => {
    let name: string;
    let input: string;
    let v1: Record<string, string>;

    beforeAll(async () => {
      name = uniqueName('history');
      input = join(dir, 'history.txt');
      await writeFile(input, '');
      v1 = { 'connector.class': SOURCE, file: input, topic: uniqueName('history-topic'), 'batch.size': '100', 'x.api.password': 'planted-connector-secret-41' };
    });

    it('records one version when the same body is sent twice', async () => {
      expect((await put(name, v1)).body).toMatchObject({ created: true, changed: true, version: 1 });
      const again = await put(name, v1);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ created: false, changed: false, version: 1 });
      expect((await history(name)).items.map((version) => version.version)).toEqual([1]);
      expect((await history(name)).items[0]).toMatchObject({ source: 'connectory', actor: expect.stringMatching(/^token-operator/) });
    });

    it('masks secrets in every answer and keeps the stored secret when the mask comes back', async () => {
      const shown = await detail(name);
      expect(shown.config['x.api.password']).toBe(SECRET_MASK);
      const edited = await put(name, { ...shown.config, 'batch.size': '200' });
      expect(edited.body).toMatchObject({ changed: true, version: 2 });
      expect(edited.body.config['x.api.password']).toBe(SECRET_MASK);
      // Read straight from Connect (polled: a rebalance follows every config change).
      const onConnect = await waitFor('the edit on Connect', async () => {
        const answer = await connectRest(stack!.connect.url, 'GET', `/connectors/${name}/config`);
        return answer.body?.['batch.size'] === '200' ? answer.body : undefined;
      });
      expect(onConnect).toMatchObject({ 'batch.size': '200', 'x.api.password': 'planted-connector-secret-41' });

      const version = await api('GET', `${base}/${name}/history/1`);
      expect(version.body).toMatchObject({ version: 1, source: 'connectory', config: { 'batch.size': '100', 'x.api.password': SECRET_MASK } });
      const diff = await api('GET', `${base}/${name}/history/diff?from=1&to=2`);
      expect(diff.body).toEqual({ from: 1, to: 2, changes: [{ key: 'batch.size', change: 'changed', before: '100', after: '200' }] });

      const stored = await ctx.testApp.database.db.select().from(connectorConfigVersions).where(eq(connectorConfigVersions.connectorName, name));
      expect(JSON.stringify(stored)).not.toContain('planted-connector-secret-41');
      const audit = JSON.stringify(await ctx.testApp.database.db.select().from(auditLog).where(eq(auditLog.objectId, name)));
      expect(audit).not.toContain('planted-connector-secret-41');
    });

    it('notices a change made directly on Connect as external', async () => {
      const current = await configOnConnect(name);
      await waitFor('a direct change accepted', async () => {
        const direct = await connectRest(stack!.connect.workers[1]!.url, 'PUT', `/connectors/${name}/config`, { ...current, 'batch.size': '300' });
        return direct.status === 200 ? true : undefined;
      });
      // Reading the connector is what notices the change (besides the periodic sync, which this app does not run).
      await waitFor('the external version', async () => {
        expect((await detail(name)).config['batch.size']).toBeDefined();
        return (await history(name)).items[0]?.source === 'external' ? true : undefined;
      });
      const versions = (await history(name)).items;
      expect(versions[0]).toMatchObject({ version: 3, source: 'external', actor: null });
      const diff = await api('GET', `${base}/${name}/history/diff?from=2&to=3`);
      expect(diff.body.changes).toEqual([{ key: 'batch.size', change: 'changed', before: '200', after: '300' }]);
    });

    it('notices external changes in the periodic sync, without anyone reading the connector', async () => {
      const sync = startConfigSync({ db: ctx.testApp.database.db, secrets: ctx.testApp.secrets, logger: ctx.testApp.logger, clients: ctx.testApp.clients, intervalMs: 3_600_000 });
      try {
        const current = await configOnConnect(name);
        await waitFor('a direct change accepted', async () => {
          const direct = await connectRest(stack!.connect.url, 'PUT', `/connectors/${name}/config`, { ...current, 'batch.size': '400' });
          return direct.status === 200 ? true : undefined;
        });
        await waitFor('the sync to record it', async () => ((await sync.runOnce()) > 0 ? true : undefined));
      } finally {
        await sync.stop();
      }
      expect((await history(name)).items[0]).toMatchObject({ version: 4, source: 'external' });
    });

    it('rolls back to a version, restoring its real secret, as a new version', async () => {
      const rolledBack = await api('POST', `${base}/${name}/rollback`, { version: 1 });
      expect(rolledBack.status).toBe(200);
      expect(rolledBack.body).toMatchObject({ changed: true, version: 5 });
      await waitFor('the rolled-back config on Connect', async () => {
        const onConnect = await connectRest(stack!.connect.url, 'GET', `/connectors/${name}/config`);
        const sorted = (config: Record<string, string>) => JSON.stringify(Object.entries(config).sort());
        return onConnect.status === 200 && sorted(onConnect.body) === sorted({ ...v1, name }) ? true : undefined;
      });
      expect((await history(name)).items.slice(0, 2).map((version) => version.source)).toEqual(['connectory', 'external']);
      expect((await api('POST', `${base}/${name}/rollback`, { version: 99 })).status).toBe(404);
    });

    it('notices a change made directly on Connect in a list read moments after another list', async () => {
      // A list skips the history query while every config matches the hashes this process read in the last
      // 15 s. A change made straight on Connect within that time must still become a version.
      const SHORTCUT_MS = 15_000;
      const listed = async () => {
        const answer = await api('GET', `/api/v1/connectors?connectId=local&q=${name}`, undefined, ctx.viewer);
        expect(answer.body.items.map((item: { name: string }) => item.name)).toEqual([name]);
      };
      const onEveryWorker = (batchSize: string) =>
        waitFor(`batch.size ${batchSize} on every worker`, async () => {
          const answers = await Promise.all(stack!.connect.workers.map((worker) => connectRest(worker.url, 'GET', `/connectors/${name}/config`)));
          return answers.length > 0 && answers.every((answer) => answer.status === 200 && answer.body['batch.size'] === batchSize) ? answers[0]!.body : undefined;
        });
      // On a slow machine the steps below can outlast the 15 s, and the list would read the history anyway:
      // the scenario is then run again, so that it really goes through the remembered hashes.
      for (let attempt = 1; ; attempt++) {
        // A write through Connectory makes the next list read the history and remember its hashes afresh.
        const written = await put(name, { ...v1, 'batch.size': `${600 + attempt}` });
        expect(written.body).toMatchObject({ changed: true });
        const current = await onEveryWorker(`${600 + attempt}`);
        const remembered = Date.now();
        await listed();
        await listed(); // nothing changed: the shortcut, and still no new version
        expect((await history(name)).items[0]).toMatchObject({ version: written.body.version, source: 'connectory' });

        await waitFor('a direct change accepted', async () => {
          const direct = await connectRest(stack!.connect.url, 'PUT', `/connectors/${name}/config`, { ...current, 'batch.size': `${700 + attempt}` });
          return direct.status === 200 ? true : undefined;
        });
        const noticed = await waitFor(
          'the list to record the change',
          async () => {
            await listed();
            const newest = (await history(name)).items[0];
            return newest && newest.version > written.body.version ? newest : undefined;
          },
          { intervalMs: 200 },
        );
        expect(noticed).toMatchObject({ version: written.body.version + 1, source: 'external', actor: null });
        const diff = await api('GET', `${base}/${name}/history/diff?from=${written.body.version}&to=${noticed.version}`);
        expect(diff.body.changes).toEqual([{ key: 'batch.size', change: 'changed', before: `${600 + attempt}`, after: `${700 + attempt}` }]);
        if (Date.now() - remembered < SHORTCUT_MS) break;
        expect(attempt, `each attempt took over ${SHORTCUT_MS / 1000} s, so none went through the remembered hashes`).toBeLessThan(3);
      }
    });
  });

  describe('validation', () => {
    it('refuses a bad config naming each bad field, before anything is written', async () => {
      const name = uniqueName('invalid');
      const refused = await put(name, { 'connector.class': SOURCE, file: join(dir, 'x.txt'), topic: 'x', 'batch.size': 'lots', 'tasks.max': 'many' });
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('invalid_config');
      expect(['batch.size', 'tasks.max']).toContain(refused.body.error.field);
      expect(refused.body.error.fields.map((field: { name: string }) => field.name).sort()).toEqual(['batch.size', 'tasks.max']);
      expect(refused.body.error.fields[0].errors[0]).toMatch(/Invalid value/);
      expect((await connectRest(stack!.connect.url, 'GET', `/connectors/${name}`)).status).toBe(404);
    });

    it('names connector.class when the plugin is unknown or missing', async () => {
      const unknown = await put(uniqueName('unknown'), { 'connector.class': 'com.example.NoSuchConnector' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error).toMatchObject({ code: 'invalid_config', field: 'connector.class' });
      expect(unknown.body.error.message).not.toContain('PluginDesc');
      const missing = await put(uniqueName('classless'), { file: '/tmp/x' });
      expect(missing.body.error).toMatchObject({ code: 'invalid_config', field: 'connector.class' });
    });

    it("passes Connect's 404 on with Connect's message", async () => {
      const missing = await api('GET', `${base}/${uniqueName('absent')}`);
      expect(missing.status).toBe(404);
      expect(missing.body.error.message).toMatch(/^Kafka Connect cluster "local" \(worker http:\/\/127\.0\.0\.1:\d+\): Connector .* not found$/);
    });
  });

  describe('plugins', () => {
    it('lists the plugins of each worker', async () => {
      const plugins = await api('GET', '/api/v1/connect/local/plugins', undefined, ctx.viewer);
      expect(plugins.status).toBe(200);
      expect(plugins.body.workers).toHaveLength(2);
      for (const worker of plugins.body.workers) expect(worker.plugins.map((plugin: { class: string }) => plugin.class)).toContain(SOURCE);
      expect(plugins.body.plugins.find((plugin: { class: string }) => plugin.class === SINK)).toMatchObject({ type: 'sink', onEveryWorker: true });
    });

    it("gives a plugin's config definition and validates configs without writing", async () => {
      const definition = await api('GET', `/api/v1/connect/local/plugins/${SOURCE}/config`, undefined, ctx.viewer);
      expect(definition.status).toBe(200);
      expect(definition.body.keys.find((key: { name: string }) => key.name === 'batch.size')).toMatchObject({ type: 'INT', defaultValue: '2000', importance: expect.any(String) });
      expect(definition.body.groups).toContain('Common');

      const validation = await api('PUT', `/api/v1/connect/local/plugins/${SOURCE}/validate`, { config: { topic: 't', 'batch.size': 'x', 'my.password': 'hide-me-123' } });
      expect(validation.status).toBe(200);
      expect(validation.body.errorCount).toBeGreaterThan(0);
      expect(validation.body.fields.find((field: { name: string }) => field.name === 'batch.size').errors[0]).toMatch(/Invalid value/);
      expect(JSON.stringify(validation.body)).not.toContain('hide-me-123');
      // each message once more in `problems`, saying what it is about; no name: Connect's own "required" message
      expect(validation.body.problems).toEqual(
        expect.arrayContaining([
          { field: 'batch.size', message: expect.stringMatching(/Invalid value/), hint: null, connection: false, missing: false },
          { field: 'name', message: expect.stringMatching(/Missing required configuration "name"/), hint: null, connection: false, missing: true },
        ]),
      );
      expect(validation.body.problems.length).toBe(validation.body.fields.reduce((sum: number, field: { errors: string[] }) => sum + field.errors.length, 0));
    });
  });

  describe('access', () => {
    it('refuses a viewer every write and lets it read', async () => {
      const name = uniqueName('viewer');
      const viewer = ctx.viewer;
      expect((await put(name, { 'connector.class': SOURCE, topic: 't' }, viewer)).status).toBe(403);
      for (const [method, path] of [
        ['POST', `${base}/${name}/pause`],
        ['POST', `${base}/${name}/restart`],
        ['DELETE', `${base}/${name}`],
        ['DELETE', `${base}/${name}/offsets`],
      ] as const) {
        expect((await api(method, path, undefined, viewer)).status, `${method} ${path}`).toBe(403);
      }
      expect((await api('POST', `${base}/${name}/rollback`, { version: 1 }, viewer)).status).toBe(403);
      expect((await api('GET', base, undefined, viewer)).status).toBe(200);
    });
  });

  it('deletes a connector', async () => {
    const name = uniqueName('delete');
    await put(name, { 'connector.class': SOURCE, file: join(dir, 'delete.txt'), topic: uniqueName('delete-topic') });
    expect((await api('DELETE', `${base}/${name}`)).status).toBe(204);
    await waitFor('the connector gone from Connect', async () =>
      (await connectRest(stack!.connect.url, 'GET', `/connectors/${name}`)).status === 404 ? true : undefined,
    );
    expect((await api('DELETE', `${base}/${name}`)).status).toBe(404);
  });
});
