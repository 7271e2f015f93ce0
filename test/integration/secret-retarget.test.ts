// A stored connector secret, sent back as the mask, must not follow the connector to another host or class:
// whoever may edit a connector could otherwise have Connect send its password to a server of theirs.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../server/db/tables';
import { SECRET_MASK } from '../../server/secrets/masking';
import { call, connectRest, connectTestApp, deleteConnectors, uniqueName, waitFor, type ConnectTestContext } from '../support/connect';
import { readStack } from '../stack/index';

const stack = readStack();
const SOURCE = 'org.apache.kafka.connect.file.FileStreamSourceConnector';
const PASSWORD = `planted-retarget-password-${Date.now().toString(36)}`;

describe.runIf(stack)('stored secrets are not re-targeted', () => {
  let ctx: ConnectTestContext;
  const name = uniqueName('retarget');
  const base = `/api/v1/connect/local/connectors/${name}`;
  const config = { 'connector.class': SOURCE, 'tasks.max': '1', topic: `${name}-out`, file: '/dev/null', 'connection.url': 'http://db.internal:5432', 'database.password': PASSWORD };
  const put = (body: Record<string, string>) => call(ctx.testApp, 'PUT', base, ctx.operator, { config: body });
  const storedConfig = async () => (await connectRest(stack!.connect.url, 'GET', `/connectors/${name}/config`)).body as Record<string, string> | undefined;
  const storedPassword = async () => (await storedConfig())?.['database.password'];

  beforeAll(async () => {
    ctx = await connectTestApp(stack!);
    const created = await put(config);
    expect(created.status, JSON.stringify(created.body)).toBeLessThan(300);
    await waitFor('the connector on Connect', async () => ((await storedPassword()) === PASSWORD ? true : undefined));
  });
  afterAll(async () => {
    if (stack) await deleteConnectors(stack, [name]);
    await ctx?.testApp.close();
  });

  it('refuses the mask with a changed URL, naming the secret, and leaves the connector as it was', async () => {
    const answer = await put({ ...config, 'database.password': SECRET_MASK, 'connection.url': 'http://attacker.example:5432' });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'invalid_input', field: 'database.password' });
    expect(answer.body.error.message).toContain('connection.url');
    expect(JSON.stringify(answer.body)).not.toContain(PASSWORD);
    expect(await storedPassword()).toBe(PASSWORD);
  });

  it('refuses the mask in a validation against another URL', async () => {
    const answer = await call(ctx.testApp, 'PUT', `/api/v1/connect/local/plugins/${SOURCE}/validate`, ctx.operator, {
      connector: name,
      config: { ...config, 'database.password': SECRET_MASK, 'connection.url': 'http://attacker.example:5432' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.field).toBe('database.password');
  });

  it('audits a validation that fills in a kept secret', async () => {
    const answer = await call(ctx.testApp, 'PUT', `/api/v1/connect/local/plugins/${SOURCE}/validate`, ctx.operator, {
      connector: name,
      config: { ...config, 'database.password': SECRET_MASK },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const entries = await ctx.testApp.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'connector.validate'), eq(auditLog.objectId, name)));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ clusterId: 'local', outcome: 'success', details: { filledFromStored: ['database.password'], connectorClass: SOURCE } });
    expect(JSON.stringify(entries)).not.toContain(PASSWORD);
  });

  it('keeps the secret when only other fields change', async () => {
    const answer = await put({ ...config, 'database.password': SECRET_MASK, 'tasks.max': '1', file: '/dev/zero' });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.config['database.password']).toBe(SECRET_MASK);
    // the worker asked may not have read the new config yet (or answer 409 mid-rebalance): wait for the change itself
    const stored = await waitFor('the changed file on Connect', async () => {
      const current = await storedConfig();
      return current?.file === '/dev/zero' ? current : undefined;
    });
    expect(stored?.['database.password']).toBe(PASSWORD);
  });
});
