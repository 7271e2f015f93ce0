// Issue #14: `connectory apply` with a plugins section installs a real catalog plugin on the stack's real Connect
// cluster (downloaded from the stack's Maven mirror, checked against the catalog's sha512, pushed to each worker's
// agent, each worker restarted one at a time) before it applies the topics of the same files; then each worker
// lists the connector class and holds the same bytes, and a second plan has nothing to do. The plugin is
// uninstalled afterwards (a worker restart each), leaving the workers as they were.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../server/cli/connectory';
import { connectRest, uniqueName } from '../support/connect';
import { describeOperation, finished, startDeliveryServer, waitForOperation, type DeliveryServer } from '../support/delivery';

/** A catalog plugin on the stack's mirror that no test leaves installed under this folder name. */
const ENTRY = 'debezium-mysql';
const VERSION = '3.6.1.Final';
const CONNECTOR_CLASS = 'io.debezium.connector.mysql.MySqlConnector';

describe('connectory apply installs a catalog plugin on every worker', () => {
  let ds: DeliveryServer;
  let work: string;
  const prefix = `${uniqueName('gitops-plugin')}-`;
  const topic = `${prefix}schema-history`;
  let admin: ReturnType<Kafka['admin']>;

  const cli = async (...args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(args, {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      env: { CONNECTORY_URL: ds.url, CONNECTORY_TOKEN: ds.token, NO_COLOR: '1' },
      cwd: work,
    });
    return { code, stdout, stderr };
  };
  const installedHere = async () => {
    const installed = await ds.api('GET', '/api/v1/connect/local/plugins/installed');
    expect(installed.status, JSON.stringify(installed.body)).toBe(200);
    return installed.body.plugins.find((plugin: { name: string }) => plugin.name === ENTRY);
  };
  const uninstall = async () => {
    const started = await ds.api('POST', '/api/v1/connect/local/uninstalls', { plugin: ENTRY });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const done = await waitForOperation(ds.api, started.body.id, finished);
    expect(done.state, describeOperation(done)).toBe('succeeded');
  };

  // An install or uninstall restarts both workers one at a time: minutes on a busy machine.
  beforeAll(async () => {
    ds = await startDeliveryServer();
    admin = new Kafka({ clientId: 'gitops-plugin-test', brokers: [ds.stack.kafka.bootstrap], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    work = await mkdtemp(path.join(tmpdir(), 'cty-gitops-plugin-it-'));
    // A run that died before its clean-up left the plugin behind: start from a cluster without it.
    if (await installedHere()) await uninstall();
  }, 900_000);

  afterAll(async () => {
    if (ds && (await installedHere().catch(() => undefined))) await uninstall();
    await admin?.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin?.disconnect();
    await ds?.close();
    if (work) await rm(work, { recursive: true, force: true });
  }, 900_000);

  it('plans the install, installs it with a progress line per worker step, applies the topic after it, and plans nothing the second time', async () => {
    await mkdir(path.join(work, 'desired'), { recursive: true });
    await writeFile(path.join(work, 'desired', 'mysql.yaml'), `apiVersion: connectory/v1\nkind: Plugin\nconnect: local\ncatalog: ${ENTRY}\nversion: ${VERSION}\n`);
    await writeFile(path.join(work, 'desired', 'history.yaml'), `apiVersion: connectory/v1\nkind: Topic\nkafka: local\nname: ${topic}\npartitions: 1\nconfig:\n  cleanup.policy: delete\n`);
    for (const worker of ds.stack.connect.workers) {
      const listed = await connectRest(worker.url, 'GET', '/connector-plugins?connectorsOnly=true');
      expect(listed.body.map((plugin: { class: string }) => plugin.class)).not.toContain(CONNECTOR_CLASS);
    }

    const planned = await cli('plan', '-f', 'desired', '--prefix', prefix, '--output', 'json');
    expect(planned.code, planned.stderr).toBe(2);
    const connectPlan = JSON.parse(planned.stdout).plans.find((plan: { connect?: string }) => plan.connect === 'local');
    expect(connectPlan.plugins).toEqual([expect.objectContaining({ action: 'install', name: ENTRY, version: VERSION, classes: [CONNECTOR_CLASS] })]);

    const applied = await cli('apply', '-f', 'desired', '--prefix', prefix, '--auto-approve');
    expect(applied.code, `${applied.stdout}\n${applied.stderr}`).toBe(0);
    const lines = applied.stdout.split('\n').map((line) => line.trim());
    const installing = lines.findIndex((line) => line.startsWith(`Installing plugin ${ENTRY} ${VERSION} on Connect cluster "local"`));
    expect(installing, applied.stdout).toBeGreaterThanOrEqual(0);
    // A progress line per worker step, every worker named, each step ending succeeded.
    const progress = lines.filter((line) => /^\[\d+\/\d+\] /.test(line));
    for (const worker of ds.stack.connect.workers) expect(progress.some((line) => line.includes(worker.url) && line.endsWith('succeeded')), applied.stdout).toBe(true);
    expect(progress.some((line) => / (failed|rolled_back)/.test(line)), applied.stdout).toBe(false);
    // The topic is applied after the install, not before.
    const topicLine = lines.findIndex((line) => line.includes('Applied') && line.includes('Kafka cluster "local"'));
    expect(topicLine, applied.stdout).toBeGreaterThan(installing);
    expect((await admin.listTopics()).includes(topic)).toBe(true);

    // Every worker loaded the class, and every agent holds the same bytes: the catalog artifact's.
    const plugin = await installedHere();
    expect(plugin, JSON.stringify(plugin)).toMatchObject({ onEveryWorker: true, drift: false });
    const artifacts = await ds.api('GET', '/api/v1/artifacts');
    const artifact = artifacts.body.items.find((item: { source?: { catalogId?: string; version?: string } }) => item.source?.catalogId === ENTRY && item.source?.version === VERSION);
    expect(artifact, JSON.stringify(artifacts.body)).toBeDefined();
    for (const worker of ds.stack.connect.workers) {
      const listed = await connectRest(worker.url, 'GET', '/connector-plugins?connectorsOnly=true');
      expect(listed.body.map((entry: { class: string }) => entry.class), worker.url).toContain(CONNECTOR_CLASS);
      const held = await fetch(`${worker.agentUrl}/plugins`, { headers: { Authorization: `Bearer ${ds.stack.connect.agentToken}` } }).then((response) => response.json());
      expect(JSON.stringify(held), worker.agentUrl).toContain(artifact.sha256);
    }

    const again = await cli('plan', '-f', 'desired', '--prefix', prefix);
    expect(again.code, again.stdout).toBe(0);
    const secondApply = await cli('apply', '-f', 'desired', '--prefix', prefix, '--auto-approve');
    expect(secondApply.code, secondApply.stdout).toBe(0);
    expect(secondApply.stdout).not.toContain('Installing plugin');
  }, 900_000);
});
