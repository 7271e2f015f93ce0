/**
 * The server refuses a catalog version made for another Kafka: the Camel timer source 0.x (Kafka 2.x only) on the
 * stack's Kafka 4.x cluster answers 400 naming `catalog.version` and the reason, and the catalog API marks it
 * incompatible there. With `force: true` the install is accepted; it runs against the stack's workers behind an
 * agent that refuses every push, so it fails at its first push and nothing reaches plugin.path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait';
import { describeOperation, FaultyAgent, finished, startDeliveryServer, waitForOperation, type DeliveryServer } from '../support/delivery';

const ENTRY = 'camel-timer-source';
const VERSION = '0.5.0';
const CAMEL_CLASS = 'org.apache.camel.kafkaconnector.timer.CamelTimerSourceConnector';
const FORCED = `it-force-${Date.now().toString(36)}`;

let ds: DeliveryServer;

/** A worker's plugin classes; waits while it restarts (other tests on the shared stack roll the workers). */
async function workerClasses(url: string): Promise<string[]> {
  const plugins = await waitFor(
    async () => {
      const answer = await fetch(`${url}/connector-plugins?connectorsOnly=false`).catch(() => undefined);
      return answer?.ok ? ((await answer.json()) as { class: string }[]) : undefined;
    },
    { timeoutMs: 180_000, intervalMs: 1_000, what: `worker ${url} to answer GET /connector-plugins` },
  );
  return plugins.map((p) => p.class);
}
let faultyAgent: FaultyAgent | undefined;

beforeAll(async () => {
  ds = await startDeliveryServer();
}, 240_000);

afterAll(async () => {
  if (ds) {
    await ds.api('DELETE', `/api/v1/connect/${FORCED}`).catch(() => {});
    await ds.close();
  }
  await faultyAgent?.close();
});

describe('installing a catalog version whose Kafka range excludes the cluster', () => {
  it('is marked incompatible, with the reason, in the catalog API', async () => {
    const kafka = ds.stack.versions.kafka;
    const entry = await ds.api('GET', `/api/v1/catalog/${ENTRY}`);
    expect(entry.status).toBe(200);
    for (const version of entry.body.versions) {
      expect(version.compatibility).toContainEqual({
        connectId: 'local',
        kafkaVersion: kafka,
        compatible: false,
        reason: `version ${version.version} supports Kafka ${version.kafka}; the cluster's workers run Kafka ${kafka}`,
      });
    }
    const list = await ds.api('GET', '/api/v1/catalog');
    const mariadb = list.body.items.find((item: { id: string }) => item.id === 'debezium-mariadb');
    expect(mariadb.latest.compatibility).toContainEqual({ connectId: 'local', kafkaVersion: kafka, compatible: true });
  });

  it('is refused with 400 on catalog.version unless forced', async () => {
    const refused = await ds.api('POST', '/api/v1/connect/local/installs', { catalog: { id: ENTRY, version: VERSION } });
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'incompatible_version', field: 'catalog.version' });
    expect(refused.body.error.message).toContain(`supports Kafka >=2.5.0 <4.0.0; the cluster's workers run Kafka ${ds.stack.versions.kafka}`);
    expect(refused.body.error.message).toContain('"force": true');
    const history = await ds.api('GET', '/api/v1/connect/local/installs');
    expect(history.body.items.filter((op: { plugin: string }) => op.plugin === ENTRY)).toEqual([]);

    // force is a boolean of the catalog form only
    const wrong = await ds.api('POST', '/api/v1/connect/local/installs', { catalog: { id: ENTRY, version: VERSION }, force: 'yes' });
    expect(wrong.status).toBe(400);
  });

  it('is accepted with force: true (run against agents that refuse the push, so nothing is installed)', async () => {
    const worker = [...ds.stack.connect.workers].sort((a, b) => a.url.localeCompare(b.url))[0]!;
    faultyAgent = new FaultyAgent(worker.agentUrl);
    const proxyUrl = await faultyAgent.start();
    faultyAgent.failPushes = true;
    const registered = await ds.api('POST', '/api/v1/connect?force=true', {
      id: FORCED,
      name: 'A stack worker whose agent refuses pushes',
      kafkaClusterId: 'local',
      workers: [{ url: worker.url, agentUrl: proxyUrl }],
      agentToken: ds.stack.connect.agentToken,
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);

    const refused = await ds.api('POST', `/api/v1/connect/${FORCED}/installs`, { catalog: { id: ENTRY, version: VERSION } });
    expect(refused.status).toBe(400);
    const accepted = await ds.api('POST', `/api/v1/connect/${FORCED}/installs`, { catalog: { id: ENTRY, version: VERSION }, force: true });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    expect(accepted.body).toMatchObject({ plugin: ENTRY, version: VERSION, kind: 'install' });

    // the audit entry says it was forced
    const audit = await ds.api('GET', `/api/v1/audit?action=plugin.install&clusterId=${FORCED}`);
    expect(audit.body.items.find((e: { objectId: string }) => e.objectId === accepted.body.id)?.details.source).toMatchObject({ force: true, catalog: { id: ENTRY, version: VERSION } });

    const failed = await waitForOperation(ds.api, accepted.body.id, finished);
    expect(failed.state, describeOperation(failed)).toBe('failed');
    expect(failed.steps.find((s: { state: string }) => s.state === 'failed')).toMatchObject({ worker: worker.url, step: 'push' });
    expect(faultyAgent.pushesRefused).toBeGreaterThan(0);
    for (const w of ds.stack.connect.workers) expect(await workerClasses(w.url)).not.toContain(CAMEL_CLASS);
  }, 300_000);
});
