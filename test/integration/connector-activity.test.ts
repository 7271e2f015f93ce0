// What a connector is doing, through the API against the stack: a FileStream source's records per second while
// lines are appended, a sink's group with lag and its task's partitions, and what is said when Kafka is not linked.
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClusters } from '../../server/db/tables';
import { tokenFor } from '../support/auth';
import { call, connectTestApp, deleteConnectors, uniqueName, waitFor, type ConnectTestContext } from '../support/connect';
import { readStack } from '../stack/index';

const stack = readStack();

describe.runIf(stack)('connector activity', () => {
  let ctx: ConnectTestContext;
  let dir: string;
  const created: string[] = [];
  const topics: string[] = [];
  const base = '/api/v1/connect/local/connectors';
  const activity = async (name: string) => call(ctx.testApp, 'GET', `${base}/${name}/activity`, ctx.viewer);

  beforeAll(async () => {
    ctx = await connectTestApp(stack!);
    dir = await mkdtemp(join(tmpdir(), 'connectory-activity-'));
  });

  afterAll(async () => {
    if (stack) await deleteConnectors(stack, created);
    for (const topic of topics) await call(ctx.testApp, 'DELETE', `/api/v1/clusters/local/topics/${topic}?confirm=${topic}`, ctx.admin);
    await ctx?.testApp.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('counts a source’s records per second from its topic, and a sink’s consumption, lag and task partitions', async () => {
    const source = uniqueName('act-src');
    const sink = uniqueName('act-sink');
    const topic = uniqueName('act-lines');
    topics.push(topic);
    const input = join(dir, 'in.txt');
    const output = join(dir, 'out.txt');
    await writeFile(input, 'first\n');
    created.push(source);
    const createdSource = await call(ctx.testApp, 'POST', base, ctx.operator, { name: source, config: { 'connector.class': 'FileStreamSource', file: input, topic, 'tasks.max': '1' } });
    expect(createdSource.status).toBe(201);

    let written = 1;
    const writer = setInterval(() => void appendFile(input, `line ${++written}\n`), 50);
    try {
      // The first reading has no rate yet; one a second or more later has.
      const first = await waitFor('the source’s topic in use', async () => {
        const answer = await activity(source);
        return answer.status === 200 && answer.body.topics?.includes(topic) ? answer.body : undefined;
      });
      expect(first).toMatchObject({ type: 'source', kafkaClusterId: 'local', groupId: null, note: null });
      const moving = await waitFor('records per second above zero', async () => {
        const { body } = await activity(source);
        return body.recordsPerSec > 0 ? body : undefined;
      }, { timeoutMs: 60_000 });
      expect(moving.windowMs).toBeGreaterThanOrEqual(1_000);
      expect(moving.position).toBeGreaterThan(0);
      expect(Date.now() - Date.parse(moving.lastRecordAt)).toBeLessThan(60_000);
      expect(moving.tasks).toEqual([expect.objectContaining({ id: 0, partitions: null })]);
    } finally {
      clearInterval(writer);
    }

    created.push(sink);
    const createdSink = await call(ctx.testApp, 'POST', base, ctx.operator, { name: sink, config: { 'connector.class': 'FileStreamSink', file: output, topics: topic, 'tasks.max': '1' } });
    expect(createdSink.status).toBe(201);
    const caughtUp = await waitFor('the sink caught up with every line', async () => {
      const { body } = await activity(sink);
      const lines = (await readFile(output, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
      return body.lag === 0 && lines === written && body.position === written && body.tasks[0]?.partitions?.length === 1 ? body : undefined;
    }, { timeoutMs: 90_000 });
    expect(caughtUp).toMatchObject({ type: 'sink', groupId: `connect-${sink}`, topics: [topic] });
    expect(caughtUp.tasks[0].partitions[0]).toMatchObject({ topic, partition: 0, committed: written, logEnd: written, lag: 0 });
    expect(caughtUp.lastRecordAt).not.toBeNull();
  });

  it('says so when the Connect cluster is linked to no Kafka cluster or the role does not reach it, and 404s an unknown connector', async () => {
    const name = uniqueName('act-unlinked');
    created.push(name);
    expect((await call(ctx.testApp, 'POST', base, ctx.operator, { name, config: { 'connector.class': 'FileStreamSource', file: join(dir, 'none.txt'), topic: uniqueName('act-none'), 'tasks.max': '1' } })).status).toBe(201);
    const db = ctx.testApp.database.db;
    await db.update(connectClusters).set({ kafkaClusterId: null }).where(eq(connectClusters.id, 'local'));
    try {
      const { status, body } = await activity(name);
      expect(status).toBe(200);
      expect(body).toMatchObject({ kafkaClusterId: null, recordsPerSec: null, position: null });
      expect(body.note).toMatch(/not linked to a registered Kafka cluster/);
    } finally {
      await db.update(connectClusters).set({ kafkaClusterId: 'local' }).where(eq(connectClusters.id, 'local'));
    }
    // A role that reaches the Connect cluster but not its Kafka cluster is told so, and reads no offsets.
    const connectOnly = (await tokenFor(ctx.testApp, 'viewer', ['connect:local'])).headers;
    const limited = await call(ctx.testApp, 'GET', `${base}/${name}/activity`, connectOnly);
    expect(limited.status).toBe(200);
    expect(limited.body).toMatchObject({ kafkaClusterId: 'local', position: null, recordsPerSec: null });
    expect(limited.body.note).toMatch(/does not cover Kafka cluster "local"/);
    const missing = await activity(uniqueName('act-missing'));
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toMatch(/cty-it-act-missing/);
  });
});
