// A cap on open server-sent-event streams per caller (issue #11 hole 9): past MAX_EVENT_STREAMS_PER_USER the next
// stream answers 429, another caller is not affected, and a closed stream frees its slot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClusters, installOperations } from '../../server/db/tables';
import { createTestApp, type TestApp } from '../support/app';
import { tokenFor, type RequestHeaders } from '../support/auth';

let testApp: TestApp;
let operationId: string;

beforeAll(async () => {
  testApp = await createTestApp({ auth: { maxEventStreamsPerUser: 2 } });
  await testApp.database.db.insert(connectClusters).values({ id: 'streams', name: 'Streams' });
  const [row] = await testApp.database.db
    .insert(installOperations)
    .values({ connectClusterId: 'streams', kind: 'uninstall', pluginName: 'p', requestedBy: 'test' })
    .returning({ id: installOperations.id });
  operationId = row!.id;
});
afterAll(() => testApp?.close());

async function open(headers: RequestHeaders) {
  const abort = new AbortController();
  const response = await testApp.app.request(`/api/v1/installs/${operationId}/events`, { headers, signal: abort.signal });
  return { response, close: () => abort.abort() };
}

/** Reads until the first event arrives, so the stream is surely running. */
async function firstEvent(response: Response): Promise<string> {
  const reader = response.body!.getReader();
  const { value } = await reader.read();
  reader.releaseLock();
  return new TextDecoder().decode(value);
}

describe('event streams per caller', () => {
  it('refuses a stream past the cap with 429, per caller, and frees a slot when a stream closes', async () => {
    const viewer = (await tokenFor(testApp, 'viewer')).headers;
    const first = await open(viewer);
    const second = await open(viewer);
    for (const stream of [first, second]) {
      expect(stream.response.status).toBe(200);
      expect(await firstEvent(stream.response)).toContain('event:');
    }
    const third = await open(viewer);
    expect(third.response.status).toBe(429);
    expect(await third.response.json()).toMatchObject({ error: { code: 'too_many_streams' } });

    const other = await open((await tokenFor(testApp, 'viewer')).headers);
    expect(other.response.status).toBe(200);
    other.close();

    first.close();
    await first.response.body!.cancel().catch(() => {});
    let again = await open(viewer);
    for (let tries = 0; again.response.status === 429 && tries < 50; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100)); // the server notices the closed stream on its next write or poll
      again = await open(viewer);
    }
    expect(again.response.status).toBe(200);
    again.close();
    second.close();
  });
});
