// Auto-restart on the real Connect cluster: FileStream sinks whose file is in a directory that does not exist
// fail for real when their task starts. The connector watch is driven pass by pass with runOnce(), the way the
// connector-watch lease holder runs it every few seconds.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutoRestartEvents, type AutoRestartGaveUpEvent, type AutoRestartedEvent, type AutoRestartRecoveredEvent } from '../../server/connectors/auto-restart/events';
import { startAutoRestart, type AutoRestart } from '../../server/connectors/auto-restart/runner';
import { ConnectorWatch } from '../../server/connectors/watch';
import { auditLog } from '../../server/db/tables';
import { call, connectTestApp, deleteConnectors, sleep, uniqueName, waitFor, type ConnectTestContext } from '../support/connect';
import { readStack } from '../stack/index';

const stack = readStack();
const SINK = 'org.apache.kafka.connect.file.FileStreamSinkConnector';

describe.runIf(stack)('auto-restart on the real Connect cluster', () => {
  let ctx: ConnectTestContext;
  let dir: string;
  let watch: ConnectorWatch;
  let autoRestart: AutoRestart;
  const events = new AutoRestartEvents();
  const restarted: AutoRestartedEvent[] = [];
  const gaveUp: AutoRestartGaveUpEvent[] = [];
  const recovered: AutoRestartRecoveredEvent[] = [];
  const created: string[] = [];
  const base = '/api/v1/connect/local/connectors';

  const api = (method: string, path: string, body?: unknown, headers = ctx.operator) => call(ctx.testApp, method, path, headers, body);
  const detail = async (name: string) => (await api('GET', `${base}/${name}`)).body;
  const autoRestartOf = async (name: string) => (await api('GET', `${base}/${name}/auto-restart`)).body;
  const restartsOf = (name: string) => restarted.filter((event) => event.connector === name);

  async function failingSink(prefix: string, missingDir: string): Promise<string> {
    const name = uniqueName(prefix);
    created.push(name);
    const answer = await api('PUT', `${base}/${name}`, { config: { 'connector.class': SINK, file: join(missingDir, 'out.txt'), topics: uniqueName('ar-topic'), 'tasks.max': '1' } });
    expect(answer.status).toBe(201);
    await waitFor(`${name}'s task FAILED`, async () => ((await detail(name))?.tasks?.[0]?.state === 'FAILED' ? true : undefined));
    return name;
  }

  async function autoRestartAudit(name: string) {
    return ctx.testApp.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.objectId, name), eq(auditLog.action, 'connector.restart'), eq(auditLog.actor, 'auto-restart')));
  }

  beforeAll(async () => {
    ctx = await connectTestApp(stack!);
    dir = await mkdtemp(join(tmpdir(), 'connectory-auto-restart-'));
    const { database, clients, logger, secrets } = ctx.testApp;
    // Never started: only runOnce() makes passes, so nothing is restarted before the test says so.
    watch = new ConnectorWatch({ db: database.db, clients, logger });
    autoRestart = startAutoRestart({ db: database.db, secrets, logger, clients, watch, events });
    events.on('restarted', (event) => restarted.push(event));
    events.on('gave-up', (event) => gaveUp.push(event));
    events.on('recovered', (event) => recovered.push(event));
  });

  afterAll(async () => {
    await autoRestart?.stop();
    if (stack) await deleteConnectors(stack, created);
    await ctx?.testApp.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('restarts a task that failed once it can run, once, and forgets the count after it has stayed RUNNING', async () => {
    const missingDir = join(dir, 'later');
    const name = await failingSink('ar-recovers', missingDir);
    const policy = await api('PUT', `${base}/${name}/auto-restart`, { enabled: true, maxRestarts: 3, backoffScheduleSeconds: [2] });
    expect(policy.status).toBe(200);
    expect(policy.body).toMatchObject({ source: 'connector', policy: { enabled: true, maxRestarts: 3 }, scheduleSeconds: [2, 2, 2], state: { restarts: 0, gaveUp: false } });

    await mkdir(missingDir);
    await watch.runOnce();
    expect(restartsOf(name)).toEqual([expect.objectContaining({ connectId: 'local', connector: name, attempt: 1, max: 3, failedTasks: [0], connectorFailed: false, text: 'auto-restarted (1 of 3)' })]);
    expect(restartsOf(name)[0]!.nextAt).toBeInstanceOf(Date);
    const state = await autoRestartOf(name);
    expect(state.state).toMatchObject({ restarts: 1, gaveUp: false });
    expect(Date.parse(state.state.nextTryAt) - Date.parse(state.state.lastRestartAt)).toBe(2000);

    await waitFor(`${name} RUNNING`, async () => ((await detail(name))?.tasks?.[0]?.state === 'RUNNING' ? true : undefined));
    // It stays RUNNING: passes go on, nothing more is restarted, and past the next wait (2 s) the count is reset.
    const reset = await waitFor('the restart count reset', async () => {
      await watch.runOnce();
      const now = await autoRestartOf(name);
      return now.state.restarts === 0 ? now : undefined;
    });
    expect(reset.state).toMatchObject({ restarts: 0, lastRestartAt: null, runningSince: null });
    expect((await detail(name)).tasks[0].state).toBe('RUNNING');
    expect(restartsOf(name)).toHaveLength(1);
    expect(recovered.filter((event) => event.connector === name)).toEqual([
      expect.objectContaining({ connectId: 'local', restarts: 1, hadGivenUp: false, text: 'running again after 1 auto-restart' }),
    ]);

    const audit = await autoRestartAudit(name);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorKind: 'system', clusterId: 'local', outcome: 'success', details: expect.objectContaining({ includeTasks: true, onlyFailed: true, reason: 'auto-restarted (1 of 3)' }) });
  });

  it('restarts a task that keeps failing up to the maximum, waiting the backoff, then gives up once', async () => {
    const name = await failingSink('ar-gives-up', join(dir, 'never'));
    expect((await api('PUT', `${base}/${name}/auto-restart`, { enabled: true, maxRestarts: 2, backoffScheduleSeconds: [1] })).status).toBe(200);

    const gave = await waitFor(
      'the gave-up event',
      async () => {
        await watch.runOnce();
        return gaveUp.find((event) => event.connector === name);
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    expect(gave).toMatchObject({ connectId: 'local', restarts: 2, max: 2, failedTasks: [0], text: 'gave up after 2' });
    const attempts = restartsOf(name);
    expect(attempts.map((event) => [event.attempt, event.text])).toEqual([
      [1, 'auto-restarted (1 of 2)'],
      [2, 'auto-restarted (2 of 2)'],
    ]);
    // The backoff was waited between restarts, and again before giving up.
    expect(attempts[1]!.at.getTime() - attempts[0]!.at.getTime()).toBeGreaterThanOrEqual(1000);
    expect(gave.at.getTime() - attempts[1]!.at.getTime()).toBeGreaterThanOrEqual(1000);
    expect(attempts[1]!.nextAt).toBeUndefined();

    // The lease moves to another server: a new runner starts from what the database holds, not from zero.
    await autoRestart.stop();
    const { database, clients, logger, secrets } = ctx.testApp;
    autoRestart = startAutoRestart({ db: database.db, secrets, logger, clients, watch, events });
    // Well past the backoff, still failing: no more restarts and no second gave-up.
    const until = Date.now() + 3_000;
    while (Date.now() < until) {
      await watch.runOnce();
      await sleep(200);
    }
    expect((await detail(name)).tasks[0].state).toBe('FAILED');
    expect(restartsOf(name)).toHaveLength(2);
    expect(gaveUp.filter((event) => event.connector === name)).toHaveLength(1);
    expect(await autoRestartAudit(name)).toHaveLength(2);
    const view = await autoRestartOf(name);
    expect(view.state).toMatchObject({ restarts: 2, gaveUp: true, nextTryAt: null });
    const [gaveUpEntry] = await ctx.testApp.database.db.select().from(auditLog).where(and(eq(auditLog.objectId, name), eq(auditLog.action, 'auto-restart.give-up')));
    expect(gaveUpEntry).toMatchObject({ actor: 'auto-restart', actorKind: 'system', details: expect.objectContaining({ restarts: 2, maxRestarts: 2 }) });

    // A reset by hand: the next failure is restarted at once, counting from 1 again.
    const reset = await api('POST', `${base}/${name}/auto-restart/reset`);
    expect(reset.status).toBe(200);
    expect(reset.body.state).toMatchObject({ restarts: 0, gaveUp: false });
    await watch.runOnce();
    expect(restartsOf(name).at(-1)).toMatchObject({ attempt: 1 });

    // Deleted: its state goes with it.
    expect((await api('DELETE', `${base}/${name}`)).status).toBe(204);
    await waitFor('the state cleared after the delete', async () => {
      await watch.runOnce();
      return (await autoRestartOf(name)).state.restarts === 0 ? true : undefined;
    });
  });

  it('keeps the policies behind permissions, strict input and the audit log', async () => {
    const name = uniqueName('ar-policy');
    const path = `${base}/${name}/auto-restart`;
    expect((await api('GET', path, undefined, ctx.viewer)).body).toMatchObject({ source: 'default', policy: { enabled: false, maxRestarts: 7, backoffUnitSeconds: 60 } });
    expect((await api('PUT', path, { enabled: true }, ctx.viewer)).status).toBe(403);
    expect((await api('POST', `${path}/reset`, undefined, ctx.viewer)).status).toBe(403);
    expect((await api('PUT', '/api/v1/connect/local/auto-restart', { enabled: true }, ctx.viewer)).status).toBe(403);

    const unknown = await api('PUT', path, { enabled: true, maxRestart: 3 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe('maxRestart');
    const bad = await api('PUT', path, { enabled: true, maxRestarts: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('maxRestarts');
    expect((await api('GET', '/api/v1/connect/nowhere/auto-restart')).status).toBe(404);

    // The cluster's default reaches a connector without its own policy; the minutes schedule by default.
    const clusterDefault = await api('PUT', '/api/v1/connect/local/auto-restart', { enabled: true, maxRestarts: 5 });
    expect(clusterDefault.status).toBe(200);
    expect(clusterDefault.body).toMatchObject({ source: 'cluster', policy: { enabled: true, maxRestarts: 5, backoffUnitSeconds: 60 }, scheduleSeconds: [120, 360, 720, 1200, 1800] });
    expect((await api('GET', path)).body).toMatchObject({ source: 'cluster', policy: { maxRestarts: 5 } });
    expect((await api('PUT', path, { enabled: false })).body).toMatchObject({ source: 'connector', policy: { enabled: false } });
    expect((await api('DELETE', path)).body).toMatchObject({ source: 'cluster' });
    // Off again, so the other tests' connectors on this app keep their own policies only.
    expect((await api('PUT', '/api/v1/connect/local/auto-restart', { enabled: false })).status).toBe(200);

    const entries = await ctx.testApp.database.db.select().from(auditLog).where(eq(auditLog.clusterId, 'local'));
    const actions = entries.filter((entry) => entry.objectId === name || entry.objectType === 'connect-cluster').map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['auto-restart.policy.update', 'auto-restart.policy.delete']));
    expect(entries.filter((entry) => entry.objectType === 'connect-cluster' && entry.action === 'auto-restart.policy.update')).toHaveLength(2);
  });
});
