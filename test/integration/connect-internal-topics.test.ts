// Kafka Connect's internal topics hold every connector's config in plain text: through the message browser a
// Kafka viewer could read the passwords of connectors on Connect clusters they have no grant on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connectTestApp, deleteConnectors, uniqueName, waitFor, type ConnectTestContext } from '../support/connect';
import { readStack } from '../stack/index';

const stack = readStack();
const SOURCE = 'org.apache.kafka.connect.file.FileStreamSourceConnector';
const PASSWORD = `planted-connector-password-${Date.now().toString(36)}`;
const URL_PASSWORD = `planted-url-password-${Date.now().toString(36)}`;

describe.runIf(stack)('Connect internal topics in the message browser', () => {
  let ctx: ConnectTestContext;
  const name = uniqueName('internal');
  const browse = (topic: string, headers: Record<string, string>, format = 'text') =>
    call(ctx.testApp, 'GET', `/api/v1/clusters/local/topics/${topic}/messages?limit=500&format=${format}`, headers);

  beforeAll(async () => {
    ctx = await connectTestApp(stack!);
    const config = {
      'connector.class': SOURCE,
      'tasks.max': '1',
      topic: `${name}-out`,
      file: '/dev/null',
      'database.password': PASSWORD,
      'connection.url': `http://svc:${URL_PASSWORD}@db.example:5432/x`,
    };
    const created = await call(ctx.testApp, 'PUT', `/api/v1/connect/local/connectors/${name}`, ctx.operator, { config });
    expect(created.status, JSON.stringify(created.body)).toBeLessThan(300);
  });

  afterAll(async () => {
    if (stack) await deleteConnectors(stack, [name]);
    await ctx?.testApp.close();
  });

  it('refuses the config, offsets and status topics to viewers and operators', async () => {
    for (const topic of ['connect-configs', 'connect-offsets', 'connect-status']) {
      for (const headers of [ctx.viewer, ctx.operator]) {
        const answer = await browse(topic, headers);
        expect(answer.status, topic).toBe(403);
        expect(answer.body.error.code).toBe('forbidden');
        expect(JSON.stringify(answer.body)).not.toContain(PASSWORD);
      }
    }
  });

  it('shows the config topic to a cluster manager with every secret masked, in every format', async () => {
    const page = await waitFor('the connector in connect-configs', async () => {
      const answer = await browse('connect-configs', ctx.admin, 'json');
      expect(answer.status).toBe(200);
      return JSON.stringify(answer.body).includes(`connector-${name}`) ? answer.body : undefined;
    });
    const record = page.items.find((item: { key: { value: string } }) => item.key.value === `connector-${name}`);
    expect(record.value.value.properties).toMatchObject({ 'connector.class': SOURCE, 'database.password': '********' });
    expect(record.value.value.properties['connection.url']).toBe('http://svc:********@db.example:5432/x');
    for (const format of ['json', 'text', 'hex']) {
      const answer = await browse('connect-configs', ctx.admin, format);
      expect(answer.status).toBe(200);
      const text = JSON.stringify(answer.body);
      const hex = (secret: string) => Buffer.from(secret).toString('hex');
      for (const secret of [PASSWORD, URL_PASSWORD]) {
        expect(text).not.toContain(secret);
        expect(text).not.toContain(hex(secret));
      }
    }
  });

  it('still lets a viewer browse ordinary topics', async () => {
    const answer = await browse(`${name}-out`, ctx.viewer);
    expect([200, 404]).toContain(answer.status);
    expect(answer.status === 404 ? answer.body.error.code : 'ok').not.toBe('forbidden');
  });
});
