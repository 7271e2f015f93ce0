/**
 * A plugin nobody published: a SourceConnector compiled here with javac, zipped, uploaded through
 * POST /api/v1/artifacts (multipart), installed on both workers of the stack, run as a connector whose
 * records are read back from Kafka, then uninstalled again (the uninstall path, with a small plugin).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip } from '../support/archives';
import { waitFor } from '../support/wait';
import {
  buildCustomPlugin,
  connectorStates,
  describeOperation,
  finished,
  readEvents,
  readTopic,
  startDeliveryServer,
  uploadArtifact,
  waitForOperation,
  workFolder,
  type CustomPlugin,
  type DeliveryServer,
} from '../support/delivery';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PLUGIN = 'it-tick-custom';
const suffix = Date.now().toString(36);
const CONNECTOR = `cty-it-tick-${suffix}`;
const TOPIC = `cty-it-tick-${suffix}`;

let ds: DeliveryServer;
let plugin: CustomPlugin;
let sha256: string;
const work = workFolder('custom-plugin-');

beforeAll(async () => {
  ds = await startDeliveryServer();
  plugin = await buildCustomPlugin({ javaPackage: 'dev.connectory.itcustom', version: '1.0.0', kafkaVersion: ds.stack.versions.kafka, workDir: work.dir });
});

afterAll(async () => {
  if (ds) {
    await ds.api('DELETE', `/api/v1/connect/local/connectors/${CONNECTOR}`).catch(() => {});
    await ensureUninstalled().catch(() => {});
    await ds.close();
  }
  work.remove();
});

/** Best effort, so a failed test does not leave the plugin on the shared stack. */
async function ensureUninstalled(): Promise<void> {
  const answer = await ds.api('POST', '/api/v1/connect/local/uninstalls', { plugin: PLUGIN });
  if (answer.status === 202) await waitForOperation(ds.api, answer.body.id, finished);
}

describe('a custom plugin, end to end', () => {
  it('uploads the archive as multipart/form-data, naming it with form fields', async () => {
    const answer = await uploadArtifact(ds.url, ds.token, plugin.file, { name: PLUGIN, version: plugin.version });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body).toMatchObject({ name: PLUGIN, version: '1.0.0', kind: 'zip', needs: [], created: true });
    expect(answer.body.inspection.classes.connectors).toEqual([{ class: plugin.connectorClass, type: 'source' }]);
    sha256 = answer.body.sha256;

    const again = await uploadArtifact(ds.url, ds.token, plugin.file, { name: PLUGIN, version: plugin.version });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ sha256, created: false });

    const listed = await ds.api('GET', '/api/v1/artifacts');
    expect(listed.body.items.map((a: { sha256: string }) => a.sha256)).toContain(sha256);
    expect((await ds.api('GET', `/api/v1/artifacts/${sha256}`)).body).toMatchObject({ sha256, name: PLUGIN });
  });

  it('refuses a hostile archive with the inspection\'s reason and stores nothing', async () => {
    const evil = join(work.dir, 'evil.zip');
    writeFileSync(evil, await buildZip([{ name: 'lib/ok.jar', data: 'x' }, { name: 'lib/xx/xx/evil.jar', data: 'owned' }], [{ from: 'lib/xx/xx/evil.jar', to: 'lib/../../evil.jar' }]));
    const answer = await uploadArtifact(ds.url, ds.token, evil);
    expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    expect(answer.body.error.code).toBe('path_traversal');
    expect(answer.body.error.message).toMatch(/evil/);
  });

  it('accepts a raw application/octet-stream upload with ?filename=', async () => {
    const response = await fetch(`${ds.url}/api/v1/artifacts?filename=tick.zip&name=${PLUGIN}&version=1.0.0`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ds.token}`, 'Content-Type': 'application/octet-stream' },
      body: new Uint8Array(readFileSync(plugin.file)),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { sha256: string }).sha256).toBe(sha256);
  });

  it('installs it on every worker, one at a time, streaming progress over SSE', async () => {
    const accepted = await ds.api('POST', '/api/v1/connect/local/installs', { artifact: sha256 });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    expect(accepted.body).toMatchObject({ kind: 'install', plugin: PLUGIN, version: '1.0.0', affectedConnectors: [] });
    const events = await readEvents(ds.url, ds.token, accepted.body.id);
    const done = events.at(-1)!;
    expect(done.event).toBe('done');
    expect(done.data.state, describeOperation(done.data)).toBe('succeeded');
    expect(events.some((e) => e.event === 'step' && e.data.step === 'verify' && e.data.state === 'succeeded')).toBe(true);

    // strictly one worker after the other: worker N+1 is not touched before worker N verified
    const steps = done.data.steps as { worker: string; startedAt: string; finishedAt: string }[];
    const workers = [...new Set(steps.map((s) => s.worker))];
    expect(workers).toHaveLength(ds.stack.connect.workers.length);
    for (let i = 1; i < workers.length; i++) {
      const lastOfPrevious = steps.filter((s) => s.worker === workers[i - 1]).at(-1)!;
      const firstOfNext = steps.find((s) => s.worker === workers[i])!;
      expect(Date.parse(firstOfNext.startedAt)).toBeGreaterThanOrEqual(Date.parse(lastOfPrevious.finishedAt));
    }

    const installed = await ds.api('GET', '/api/v1/connect/local/plugins/installed');
    const entry = installed.body.plugins.find((p: { name: string }) => p.name === PLUGIN);
    expect(entry, JSON.stringify(installed.body)).toMatchObject({ onEveryWorker: true, drift: false });
    for (const holder of entry.workers) expect(holder).toMatchObject({ sha256, loaded: true });
  }, 600_000);

  it('runs a connector from it and its records reach Kafka', async () => {
    const put = await ds.api('PUT', `/api/v1/connect/local/connectors/${CONNECTOR}`, {
      config: { 'connector.class': plugin.connectorClass, 'tasks.max': '1', topic: TOPIC, message: 'hello', 'interval.ms': '100' },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(201);
    const values = await readTopic(ds.stack.kafka.bootstrap, TOPIC, (v) => v.length >= 5);
    expect(values.slice(0, 3).map((v) => JSON.parse(v).payload)).toEqual(['hello-0', 'hello-1', 'hello-2']);
    expect((await connectorStates(ds.stack, CONNECTOR))?.connector).toBe('RUNNING');
  }, 180_000);

  it('uninstalls it: each worker stops listing the class', async () => {
    expect((await ds.api('DELETE', `/api/v1/connect/local/connectors/${CONNECTOR}`)).status).toBe(204);
    // Every worker has seen the deletion (it travels through Connect's config topic) before the class goes.
    const goneEverywhere = async () => {
      const answers = await Promise.all(ds.stack.connect.workers.map((worker) => fetch(`${worker.url}/connectors/${CONNECTOR}`, { signal: AbortSignal.timeout(3_000) })));
      return answers.length > 0 && answers.every((answer) => answer.status === 404);
    };
    await waitFor(goneEverywhere, { what: `connector ${CONNECTOR} gone from every worker`, timeoutMs: 30_000, intervalMs: 200 });
    const accepted = await ds.api('POST', '/api/v1/connect/local/uninstalls', { plugin: PLUGIN });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    expect(accepted.body).toMatchObject({ kind: 'uninstall', plugin: PLUGIN, classes: [plugin.connectorClass] });
    const operation = await waitForOperation(ds.api, accepted.body.id, finished);
    expect(operation.state, describeOperation(operation)).toBe('succeeded');
    expect(operation.steps.filter((s: { step: string }) => s.step === 'remove')).toHaveLength(ds.stack.connect.workers.length);

    for (const worker of ds.stack.connect.workers) {
      const plugins = (await (await fetch(`${worker.url}/connector-plugins?connectorsOnly=false`)).json()) as { class: string }[];
      expect(plugins.map((p) => p.class)).not.toContain(plugin.connectorClass);
    }
    const installed = await ds.api('GET', '/api/v1/connect/local/plugins/installed');
    expect(installed.body.plugins.map((p: { name: string }) => p.name)).not.toContain(PLUGIN);

    const history = await ds.api('GET', '/api/v1/connect/local/installs');
    expect(history.body.items.map((o: { kind: string }) => o.kind).slice(0, 2)).toEqual(['uninstall', 'install']);
    const audit = await ds.api('GET', '/api/v1/audit?size=100');
    const actions = (audit.body.items as { action: string }[]).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['artifact.upload', 'plugin.install', 'plugin.install.finish', 'plugin.uninstall', 'plugin.uninstall.finish']));
  }, 600_000);
});
