// Alerts on a database (PGlite here, PostgreSQL in the integration run) with a recording receiver: channels with
// masked secrets, evaluation cycles on synthetic connector listings, the outbox's retries, Retry-After, the
// Jira issue-then-comment, per-user routing and bad input.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertEvaluator, notifyConnectorEvent, OutboxDispatcher, verifySignature } from '../../../server/alerts';
import type { ConnectorSnapshot } from '../../../server/connectors/watch';
import { alertChannels, alertOutbox, auditLog } from '../../../server/db/tables';
import { DEFAULT_ALERT_SETTINGS } from '../../../server/alerts/settings';
import { routeAutoRestartNotices } from '../../../server/alerts/auto-restart-notices';
import { AutoRestartEvents, gaveUpText, recoveredText, restartedText } from '../../../server/connectors/auto-restart/events';
import { createTestApp, type TestApp } from '../../support/app';
import { loginAs, tokenFor, type RequestHeaders } from '../../support/auth';
import { RecordingReceiver } from '../../support/receiver';
import { waitFor } from '../../support/wait';

let testApp: TestApp;
let receiver: RecordingReceiver;
let admin: RequestHeaders;
let operator: RequestHeaders;
let evaluator: AlertEvaluator;
let outbox: OutboxDispatcher;

async function api(method: string, path: string, headers: RequestHeaders, body?: unknown) {
  const response = await testApp.app.request(path, { method, headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const failed = (connectId: string, name: string, failing: boolean): ConnectorSnapshot => ({
  connectId,
  at: Date.now(),
  listings: [
    {
      name,
      info: undefined,
      status: {
        name,
        type: 'sink',
        connector: { state: 'RUNNING', workerId: 'w:8083' },
        tasks: [failing ? { id: 0, state: 'FAILED', workerId: 'w:8083', trace: 'java.nio.file.NoSuchFileException: /missing/out.txt\n\tat x' } : { id: 0, state: 'RUNNING', workerId: 'w:8083' }],
      },
    },
  ],
});

/** Sends until the outbox holds nothing due; rows waiting out a backoff stay. */
async function drainAll() {
  while ((await outbox.drain()) > 0);
}

beforeAll(async () => {
  testApp = await createTestApp();
  receiver = await RecordingReceiver.start();
  admin = (await tokenFor(testApp, 'admin')).headers;
  operator = (await tokenFor(testApp, 'operator')).headers;
  evaluator = new AlertEvaluator({ db: testApp.database.db, logger: testApp.logger });
  outbox = new OutboxDispatcher({ db: testApp.database.db, secrets: testApp.secrets, logger: testApp.logger, settings: { ...DEFAULT_ALERT_SETTINGS, channelIntervalMs: 0, backoff: { baseMs: 50, maxMs: 200, maxAttempts: 5 } } });
}, 60_000);

afterAll(async () => {
  await receiver?.close();
  await testApp?.close();
});

describe('alerts end to end on a database', () => {
  it('has built-in rules on a fresh install, routed nowhere until someone adds a channel', async () => {
    const rules = await api('GET', '/api/v1/alerts/rules', admin);
    expect(rules.status).toBe(200);
    expect(rules.body.items.filter((r: any) => r.builtin).map((r: any) => r.condition.kind).sort()).toEqual(['agent-disk-above', 'broker-disk-above', 'broker-offline', 'connector-failed']);
    // issue #12's "disk above 85%", for broker log dirs and for the nodes of the Connect workers
    expect(rules.body.items.filter((r: any) => r.condition.kind.endsWith('disk-above')).map((r: any) => r.condition.percent)).toEqual([85, 85]);
    expect(rules.body.items.every((r: any) => r.channels.length === 0)).toBe(true);
  });

  it('stores channel secrets encrypted and masks them on every read', async () => {
    const created = await api('POST', '/api/v1/alerts/channels', admin, { kind: 'slack', name: 'ops', url: receiver.slackUrl, shared: true });
    expect(created.status).toBe(201);
    const [row] = await testApp.database.db.select().from(alertChannels).where(eq(alertChannels.id, created.body.id));
    expect(row!.secretEnc).not.toContain('secretpart');
    const listed = await api('GET', '/api/v1/alerts/channels', admin);
    expect(JSON.stringify(listed.body)).not.toContain('secretpart');
    expect(listed.body.items.find((c: any) => c.id === created.body.id).settings.url).toBe('********');
    const audit = await testApp.database.db.select().from(auditLog).where(eq(auditLog.action, 'alert.channel.create'));
    expect(JSON.stringify(audit)).not.toContain('secretpart');
  });

  it('Send test answers with the receiver’s exact status and body', async () => {
    const { body } = await api('POST', '/api/v1/alerts/channels', admin, { kind: 'slack', name: 'test-me', url: receiver.slackUrl, shared: true });
    receiver.misbehave({ status: 400, body: 'invalid_payload' });
    const refused = await api('POST', `/api/v1/alerts/channels/${body.id}/test`, admin);
    expect(refused.body).toMatchObject({ ok: false, status: 400, body: 'invalid_payload' });
    expect(refused.body.error).toContain('alert channel "test-me" (slack)');
    const fine = await api('POST', `/api/v1/alerts/channels/${body.id}/test`, admin);
    expect(fine.body).toMatchObject({ ok: true, status: 200, body: 'ok' });
  });

  it('a failed task: one Slack message with connector, task and the first line; one resolved; no duplicates over 10 cycles', async () => {
    const channel = await api('POST', '/api/v1/alerts/channels', admin, { kind: 'slack', name: 'failures', url: `${receiver.url}/services/T1/B1/failures`, shared: true });
    const rule = await api('POST', '/api/v1/alerts/rules', operator, { name: 'sink failed', condition: { kind: 'connector-failed', name: 'sink-a' }, channels: [channel.body.id] });
    expect(rule.status).toBe(201);
    const mine = () => receiver.on('/services/T1/B1/failures');
    for (let i = 0; i < 10; i++) {
      await evaluator.evaluate([failed('c1', 'sink-a', true)]);
      await drainAll();
    }
    expect(mine()).toHaveLength(1);
    const message = mine()[0]!.json;
    expect(message.text).toContain('sink-a');
    expect(message.blocks[1].text.text).toContain('task 0 FAILED: java.nio.file.NoSuchFileException: /missing/out.txt');
    const alerts = await api('GET', '/api/v1/alerts', operator);
    expect(alerts.body.items.find((a: any) => a.ruleId === rule.body.id)).toMatchObject({ state: 'firing', resource: 'c1/sink-a' });
    for (let i = 0; i < 10; i++) {
      await evaluator.evaluate([failed('c1', 'sink-a', false)]);
      await drainAll();
    }
    expect(mine()).toHaveLength(2);
    expect(mine()[1]!.json.text).toContain('[RESOLVED]');
    const events = await api('GET', '/api/v1/alerts/events', operator);
    expect(events.body.items.filter((e: any) => e.ruleId === rule.body.id).map((e: any) => e.state)).toEqual(['resolved', 'firing']);
  });

  it('a cluster that did not answer resolves nothing', async () => {
    const channel = await api('POST', '/api/v1/alerts/channels', admin, { kind: 'slack', name: 'down', url: `${receiver.url}/services/T1/B1/down`, shared: true });
    await api('POST', '/api/v1/alerts/rules', operator, { name: 'c2 failed', condition: { kind: 'connector-failed', name: 'x' }, channels: [channel.body.id] });
    await evaluator.evaluate([failed('c2', 'x', true)]);
    await evaluator.evaluate([{ connectId: 'c2', at: Date.now(), error: 'connection refused' }]);
    await drainAll();
    expect(receiver.on('/services/T1/B1/down').map((r) => r.json.text.slice(0, 9))).toEqual(['[FIRING] ']);
  });

  it('waits out a 429 with Retry-After and retries a 500, each attempt in the delivery log', async () => {
    const channel = await api('POST', '/api/v1/alerts/channels', admin, { kind: 'slack', name: 'flaky', url: `${receiver.url}/services/T1/B1/flaky`, shared: true });
    await api('POST', '/api/v1/alerts/rules', operator, { name: 'flaky', condition: { kind: 'connector-failed', name: 'y' }, channels: [channel.body.id] });
    receiver.misbehave({ status: 429, retryAfterSeconds: 1 });
    receiver.misbehave({ status: 500 });
    await evaluator.evaluate([failed('c3', 'y', true)]);
    await outbox.drain();
    const got429 = receiver.on('/services/T1/B1/flaky')[0]!.at;
    await waitFor(async () => (await outbox.drain(), receiver.on('/services/T1/B1/flaky').length >= 3), { what: 'three attempts', timeoutMs: 15_000 });
    const attempts = receiver.on('/services/T1/B1/flaky');
    expect(attempts[1]!.at - got429).toBeGreaterThanOrEqual(950);
    const log = await api('GET', '/api/v1/alerts/deliveries', admin);
    const mine = log.body.items.filter((d: any) => d.channelId === channel.body.id).reverse();
    expect(mine.map((d: any) => d.status)).toEqual([429, 500, 200]);
    expect(mine[0].error).toContain('alert channel "flaky" (slack)');
  });

  it('Jira Cloud: an issue on firing, a comment on that same issue on resolve', async () => {
    const channel = await api('POST', '/api/v1/alerts/channels', admin, { kind: 'jira-cloud', name: 'jira', url: receiver.url, project: 'OPS', email: 'me@acme.io', apiToken: 'jira-token-1', shared: true });
    expect(channel.status).toBe(201);
    await api('POST', '/api/v1/alerts/rules', operator, { name: 'jira', condition: { kind: 'connector-failed', name: 'z' }, channels: [channel.body.id] });
    await evaluator.evaluate([failed('c4', 'z', true)]);
    await drainAll();
    await evaluator.evaluate([failed('c4', 'z', false)]);
    await drainAll();
    const issues = receiver.on('/rest/api/3/issue');
    expect(issues).toHaveLength(1);
    expect(issues[0]!.json.fields.description.type).toBe('doc');
    expect(issues[0]!.headers.authorization).toBe(`Basic ${Buffer.from('me@acme.io:jira-token-1').toString('base64')}`);
    const comments = receiver.on(/^\/rest\/api\/3\/issue\/[^/]+\/comment$/);
    expect(comments).toHaveLength(1);
    // the key the receiver answered for the issue, kept with the firing's outbox row
    const [row] = await testApp.database.db.select().from(alertOutbox).where(eq(alertOutbox.channelId, channel.body.id)).orderBy(alertOutbox.id).limit(1);
    expect(row!.reference).toMatch(/^OPS-\d+$/);
    expect(comments[0]!.path).toBe(`/rest/api/3/issue/${row!.reference}/comment`);
  });

  it('webhook: signed with the channel secret, the dedupe key in header and body', async () => {
    const channel = await api('POST', '/api/v1/alerts/channels', admin, { kind: 'webhook', name: 'hook', url: `${receiver.url}/hook`, secret: 'whsec-abcdefghijklmnop', shared: true });
    await api('POST', '/api/v1/alerts/rules', operator, { name: 'hook', condition: { kind: 'connector-failed', name: 'w' }, channels: [channel.body.id] });
    await evaluator.evaluate([failed('c5', 'w', true)]);
    await drainAll();
    const [request] = receiver.on('/hook');
    expect(request!.json).toMatchObject({ schema: 'connectory.alert/v1', state: 'firing', resource: 'c5/w' });
    expect(request!.headers['x-connectory-dedupe-key']).toBe(request!.json.dedupeKey);
    const ts = request!.headers['x-connectory-timestamp']!;
    expect(verifySignature('whsec-abcdefghijklmnop', ts, request!.body, request!.headers['x-connectory-signature']!)).toBe(true);
    expect(verifySignature('whsec-abcdefghijklmnop', ts, request!.body.replace('c5/w', 'c5/v'), request!.headers['x-connectory-signature']!)).toBe(false);
  });

  it('a viewer subscribes to a rule on their own channel and gets it; another user does not; a mute holds it back', async () => {
    const viewer = await loginAs(testApp, 'viewer');
    const other = await loginAs(testApp, 'viewer');
    const own = await api('POST', '/api/v1/alerts/channels', viewer.headers, { kind: 'slack', name: 'mine', url: `${receiver.url}/services/T1/B1/viewer` });
    expect(own.status).toBe(201);
    const others = await api('POST', '/api/v1/alerts/channels', other.headers, { kind: 'slack', name: 'theirs', url: `${receiver.url}/services/T1/B1/other` });
    expect((await api('GET', '/api/v1/alerts/channels', other.headers)).body.items.map((c: any) => c.id)).not.toContain(own.body.id);
    const rule = await api('POST', '/api/v1/alerts/rules', operator, { name: 'for viewers', condition: { kind: 'connector-failed', name: 'v' } });
    expect((await api('POST', '/api/v1/alerts/rules', viewer.headers, { name: 'no', condition: { kind: 'connector-failed' } })).status).toBe(403);
    // someone else's channel is refused, naming the field
    const stolen = await api('PUT', `/api/v1/alerts/rules/${rule.body.id}/subscription`, viewer.headers, { channels: [others.body.id] });
    expect(stolen.status).toBe(400);
    expect(stolen.body.error.field).toBe('channels.0');
    expect((await api('PUT', `/api/v1/alerts/rules/${rule.body.id}/subscription`, viewer.headers, { channels: [own.body.id] })).status).toBe(204);
    await evaluator.evaluate([failed('c6', 'v', true)]);
    await drainAll();
    expect(receiver.on('/services/T1/B1/viewer')).toHaveLength(1);
    expect(receiver.on('/services/T1/B1/other')).toHaveLength(0);
    const listed = await api('GET', '/api/v1/alerts/rules', viewer.headers);
    expect(listed.body.items.find((r: any) => r.id === rule.body.id).subscribed).toEqual([own.body.id]);
    await api('PUT', `/api/v1/alerts/rules/${rule.body.id}/subscription`, viewer.headers, { channels: [own.body.id], mutedUntil: new Date(Date.now() + 3_600_000).toISOString() });
    await evaluator.evaluate([failed('c6', 'v', false)]);
    await drainAll();
    expect(receiver.on('/services/T1/B1/viewer')).toHaveLength(1);
  });

  it('silences hold notifications back (audited), the alert still shows', async () => {
    const channel = await api('POST', '/api/v1/alerts/channels', admin, { kind: 'slack', name: 'silenced', url: `${receiver.url}/services/T1/B1/silenced`, shared: true });
    const rule = await api('POST', '/api/v1/alerts/rules', operator, { name: 'silenced', condition: { kind: 'connector-failed', name: 's' }, channels: [channel.body.id] });
    const silence = await api('POST', '/api/v1/alerts/silences', operator, { ruleId: rule.body.id, resource: 'c7/*', reason: 'maintenance', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(silence.status).toBe(201);
    await evaluator.evaluate([failed('c7', 's', true)]);
    await drainAll();
    expect(receiver.on('/services/T1/B1/silenced')).toHaveLength(0);
    const alert = (await api('GET', '/api/v1/alerts', operator)).body.items.find((a: any) => a.ruleId === rule.body.id);
    expect(alert).toMatchObject({ state: 'firing', silenced: true });
    expect((await api('POST', '/api/v1/alerts/acknowledge', operator, { key: alert.key })).status).toBe(204);
    const audit = await testApp.database.db.select().from(auditLog).where(eq(auditLog.action, 'alert.silence.create'));
    expect(audit[0]!.details).toMatchObject({ reason: 'maintenance' });
  });

  it('routes a connector event (auto-restart) to connector-failed rules matching the connector, once per dedupe key', async () => {
    const channel = await api('POST', '/api/v1/alerts/channels', admin, { kind: 'slack', name: 'restarts', url: `${receiver.url}/services/T1/B1/restarts`, shared: true });
    await api('POST', '/api/v1/alerts/rules', operator, { name: 'restarts', condition: { kind: 'connector-failed', connect: 'c8*', name: 'orders-*' }, channels: [channel.body.id] });
    const event = { connectId: 'c8', connector: 'orders-sink', text: 'auto-restarted (2 of 5)', dedupeKey: 'auto-restart:c8/orders-sink:2' };
    expect(await notifyConnectorEvent(testApp.database.db, event)).toBe(1);
    expect(await notifyConnectorEvent(testApp.database.db, event)).toBe(0);
    expect(await notifyConnectorEvent(testApp.database.db, { ...event, connector: 'payments' })).toBe(0);
    await drainAll();
    expect(receiver.on('/services/T1/B1/restarts').map((r) => r.json.text)).toEqual([expect.stringContaining('auto-restarted (2 of 5)')]);
  });

  it("sends auto-restart's own events: each restart, the give-up and the recovery once, to the rule's channel", async () => {
    const events = new AutoRestartEvents();
    const stop = routeAutoRestartNotices(testApp.database.db, testApp.logger, events);
    try {
      const channel = await api('POST', '/api/v1/alerts/channels', admin, { kind: 'slack', name: 'restart-events', url: `${receiver.url}/services/T1/B1/restart-events`, shared: true });
      expect(channel.status, JSON.stringify(channel.body)).toBe(201);
      const rule = await api('POST', '/api/v1/alerts/rules', operator, { name: 'restart-events', condition: { kind: 'connector-failed', connect: 'c10*', name: 'lines-sink' }, channels: [channel.body.id] });
      expect(rule.status, JSON.stringify(rule.body)).toBe(201);
      const at = new Date();
      const base = { connectId: 'c10', connector: 'lines-sink', connectorFailed: false, failedTasks: [0] };
      events.emit('restarted', { ...base, attempt: 1, max: 2, at, text: restartedText(1, 2) });
      events.emit('restarted', { ...base, attempt: 2, max: 2, at: new Date(at.getTime() + 1), text: restartedText(2, 2) });
      events.emit('gave-up', { ...base, restarts: 2, max: 2, at: new Date(at.getTime() + 2), text: gaveUpText(2) });
      events.emit('recovered', { connectId: 'c10', connector: 'lines-sink', restarts: 2, hadGivenUp: true, at: new Date(at.getTime() + 3), text: recoveredText(2) });
      const texts = async () => receiver.on('/services/T1/B1/restart-events').map((r) => r.json.text as string);
      await waitFor(async () => { await drainAll(); return (await texts()).length >= 4; }, { what: 'four auto-restart notices', timeoutMs: 10_000 });
      const sent = await texts();
      expect(sent).toHaveLength(4);
      for (const text of ['auto-restarted (1 of 2)', 'auto-restarted (2 of 2)', 'gave up after 2', 'running again after 2 auto-restarts']) {
        expect(sent.filter((line) => line.includes(text)), text).toHaveLength(1);
      }
    } finally {
      stop();
    }
  });

  it('an unreachable receiver and a hanging one fail in the delivery log, naming the channel; the others still get theirs', async () => {
    const quick = new OutboxDispatcher({ db: testApp.database.db, secrets: testApp.secrets, logger: testApp.logger, settings: { ...DEFAULT_ALERT_SETTINGS, sendTimeoutMs: 300, channelIntervalMs: 0, backoff: { baseMs: 60_000, maxMs: 60_000, maxAttempts: 5 } } });
    const dead = await api('POST', '/api/v1/alerts/channels', admin, { kind: 'webhook', name: 'dead', url: 'http://127.0.0.1:1/x', shared: true });
    const hanging = await api('POST', '/api/v1/alerts/channels', admin, { kind: 'slack', name: 'hanging', url: `${receiver.url}/services/T1/B1/hanging`, shared: true });
    const fine = await api('POST', '/api/v1/alerts/channels', admin, { kind: 'slack', name: 'fine', url: `${receiver.url}/services/T1/B1/fine`, shared: true });
    await api('POST', '/api/v1/alerts/rules', operator, { name: 'mixed', condition: { kind: 'connector-failed', name: 'mixed' }, channels: [dead.body.id, hanging.body.id, fine.body.id] });
    receiver.misbehave({ hang: true }, 1, '/services/T1/B1/hanging');
    await evaluator.evaluate([failed('c9', 'mixed', true)]);
    await quick.drain();
    expect(receiver.on('/services/T1/B1/fine')).toHaveLength(1);
    const log = (await api('GET', '/api/v1/alerts/deliveries', admin)).body.items;
    const of = (id: string) => log.find((d: any) => d.channelId === id);
    expect(of(dead.body.id)).toMatchObject({ status: null, error: expect.stringContaining('alert channel "dead" (webhook)') });
    expect(of(hanging.body.id)).toMatchObject({ status: null, error: 'alert channel "hanging" (slack): no answer within 300 ms' });
    expect(of(fine.body.id)).toMatchObject({ status: 200, error: null });
  });

  it('edits a rule: PATCH changes only what it names, PUT replaces; a new condition drops the old alerts; audited; bad edits are 400s', async () => {
    const channel = await api('POST', '/api/v1/alerts/channels', admin, { kind: 'slack', name: 'edits', url: `${receiver.url}/services/T1/B1/edits`, shared: true });
    const rule = await api('POST', '/api/v1/alerts/rules', operator, { name: 'edit me', condition: { kind: 'connector-failed', name: 'edit-*' }, forSeconds: 30 });
    const path = `/api/v1/alerts/rules/${rule.body.id}`;
    const read = async () => (await api('GET', '/api/v1/alerts/rules', operator)).body.items.find((r: any) => r.id === rule.body.id);
    // PATCH: a channel and no for-duration; the name and condition stay as they were
    expect((await api('PATCH', path, operator, { channels: [channel.body.id], forSeconds: 0 })).status).toBe(204);
    expect(await read()).toMatchObject({ name: 'edit me', channels: [channel.body.id], forSeconds: 0, condition: { kind: 'connector-failed', name: 'edit-*' } });
    await evaluator.evaluate([failed('c3', 'edit-a', true)]);
    await drainAll();
    expect(receiver.on('/services/T1/B1/edits').map((r) => r.json.text.slice(0, 9))).toEqual(['[FIRING] ']);
    expect((await api('GET', '/api/v1/alerts', operator)).body.items.filter((a: any) => a.ruleId === rule.body.id)).toHaveLength(1);

    // a new condition: the old alert is dropped rather than judged against the new readings
    expect((await api('PUT', path, operator, { name: 'edited', condition: { kind: 'connector-not-running', name: 'other-*' }, channels: [channel.body.id] })).status).toBe(204);
    expect(await read()).toMatchObject({ name: 'edited', forSeconds: 0, severity: 'warning', condition: { kind: 'connector-not-running', name: 'other-*' } });
    expect((await api('GET', '/api/v1/alerts', operator)).body.items.filter((a: any) => a.ruleId === rule.body.id)).toHaveLength(0);
    const audit = await testApp.database.db.select().from(auditLog).where(eq(auditLog.objectId, rule.body.id));
    expect(audit.filter((a) => a.action === 'alert.rule.update')).toHaveLength(2);

    const bad: [string, unknown, string][] = [
      ['PATCH', { forSeconds: -1 }, 'forSeconds'],
      ['PATCH', { colour: 'red' }, 'colour'],
      ['PATCH', { condition: { kind: 'broker-disk-above', percent: 101 } }, 'condition.percent'],
      ['PATCH', { channels: ['00000000-0000-4000-8000-000000000000'] }, 'channels.0'],
      ['PUT', { condition: { kind: 'connector-failed' } }, 'name'],
    ];
    for (const [method, body, field] of bad) {
      const answer = await api(method, path, operator, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.field).toBe(field);
    }
    expect((await api('PATCH', '/api/v1/alerts/rules/00000000-0000-4000-8000-000000000000', operator, { enabled: false })).status).toBe(404);
    expect((await api('PATCH', path, (await tokenFor(testApp, 'viewer')).headers, { enabled: false })).status).toBe(403);
  });

  it('bad input is a 400 naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ kind: 'slack', name: 'x', url: 'https://hooks.slack.com/nope' }, 'url'],
      [{ kind: 'slack', name: 'x', url: receiver.slackUrl, colour: 'red' }, 'colour'],
      [{ kind: 'carrier-pigeon', name: 'x', url: receiver.slackUrl }, 'kind'],
    ];
    for (const [body, field] of cases) {
      const answer = await api('POST', '/api/v1/alerts/channels', admin, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.field).toBe(field);
    }
    const rules: [unknown, string][] = [
      [{ name: 'x', condition: { kind: 'connector-failed', connect: 'no-such-cluster' } }, 'condition.connect'],
      [{ name: 'x', condition: { kind: 'connector-failed' }, colour: 1 }, 'colour'],
      [{ name: 'x', condition: { kind: 'lag-above' } }, 'condition.threshold'],
      [{ name: 'x', condition: { kind: 'connector-failed' }, channels: ['00000000-0000-4000-8000-000000000000'] }, 'channels.0'],
    ];
    for (const [body, field] of rules) {
      const answer = await api('POST', '/api/v1/alerts/rules', operator, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.field).toBe(field);
    }
    expect((await api('POST', '/api/v1/alerts/channels', operator, { kind: 'slack', name: 'x', url: receiver.slackUrl, shared: true })).status).toBe(403);
  });
});
