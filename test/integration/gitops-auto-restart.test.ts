// Connectors as code with their auto-restart policies (issue #14): the `connectory` CLI against the real stack.
// Only connectors under this run's own name prefix are planned, so other tests' connectors are never touched.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../server/cli/connectory';
import { auditLog } from '../../server/db/tables';
import { tokenFor } from '../support/auth';
import { call, connectRest, connectTestApp, deleteConnectors, uniqueName, waitFor, type ConnectTestContext } from '../support/connect';
import { readStack } from '../stack/index';

const stack = readStack();
const SOURCE = 'org.apache.kafka.connect.file.FileStreamSourceConnector';
const BASE = '/api/v1/connect/local/connectors';

describe.runIf(stack)('plan and apply auto-restart policies from files', () => {
  let ctx: ConnectTestContext;
  let server: ServerType;
  let url: string;
  let token: string;
  let work: string;
  const prefix = `${uniqueName('gitops-ar')}-`;
  const managed = `${prefix}managed`;
  const plain = `${prefix}plain`;

  const api = (method: string, apiPath: string, body?: unknown) => call(ctx.testApp, method, apiPath, ctx.operator, body);
  const cli = async (...args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli([...args, '--prefix', prefix], {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      env: { CONNECTORY_URL: url, CONNECTORY_TOKEN: token, NO_COLOR: '1' },
      cwd: work,
    });
    return { code, stdout, stderr };
  };
  const planJson = async () => {
    const run = await cli('plan', '-f', 'files', '--output', 'json');
    expect(run.stderr).toBe('');
    return { code: run.code, plan: JSON.parse(run.stdout).plans[0] };
  };
  const policyOf = async (name: string) => {
    const answer = await api('GET', `${BASE}/${name}/auto-restart`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body as { source: string; policy: Record<string, unknown> };
  };
  const audits = (action: string, name: string) => ctx.testApp.database.db.select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.objectId, name)));
  const writeFiles = (autoRestart: string) =>
    writeFile(
      path.join(work, 'files', 'connectors.yaml'),
      [
        `apiVersion: connectory/v1\nkind: Connector\nconnect: local\nname: ${managed}\n${autoRestart}\nconfig:\n  connector.class: ${SOURCE}\n  file: /dev/null\n  topic: ${prefix}lines\n`,
        `apiVersion: connectory/v1\nkind: Connector\nconnect: local\nname: ${plain}\nconfig:\n  connector.class: ${SOURCE}\n  file: /dev/null\n  topic: ${prefix}lines\n`,
      ].join('---\n'),
    );

  beforeAll(async () => {
    ctx = await connectTestApp(stack!);
    token = (await tokenFor(ctx.testApp, 'operator')).token;
    server = await new Promise<ServerType>((resolve) => {
      const started = serve({ fetch: ctx.testApp.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(started));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    work = await mkdtemp(path.join(tmpdir(), 'cty-gitops-ar-it-'));
    await mkdir(path.join(work, 'files'));
  });

  afterAll(async () => {
    if (stack && ctx) for (const name of [managed, plain]) await api('DELETE', `${BASE}/${name}/auto-restart`);
    if (stack) await deleteConnectors(stack, [managed, plain]);
    await new Promise((resolve) => server?.close(resolve));
    await ctx?.testApp.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('applies a policy, changes nothing the second time, leaves unmanaged policies alone, and exports it', async () => {
    await writeFiles('autoRestart:\n  enabled: true\n  maxRestarts: 3\n  backoffScheduleSeconds: [10, 60]');
    const first = await planJson();
    expect(first.code).toBe(2);
    const created = first.plan.changes.find((change: { name: string }) => change.name === managed);
    expect(created).toMatchObject({ action: 'create', autoRestart: { change: 'added' } });
    expect(first.plan.changes.find((change: { name: string }) => change.name === plain)).not.toHaveProperty('autoRestart');

    const applied = await cli('apply', '-f', 'files', '--auto-approve');
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('+ autoRestart.maxRestarts: 3');
    expect(await policyOf(managed)).toMatchObject({ source: 'connector', policy: { enabled: true, maxRestarts: 3, backoffUnitSeconds: 60, backoffScheduleSeconds: [10, 60] } });
    expect((await policyOf(plain)).source).not.toBe('connector');
    const written = await audits('auto-restart.policy.update', managed);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({ actorKind: 'token', clusterId: 'local', objectType: 'connector', outcome: 'success' });

    // The same files twice: nothing to do the second time.
    const again = await cli('apply', '-f', 'files', '--auto-approve', '--output', 'json');
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).applied).toEqual([]);
    expect(await audits('auto-restart.policy.update', managed)).toHaveLength(1);

    // A policy set in the UI on a connector whose file has no autoRestart: not managed, so no change.
    expect((await api('PUT', `${BASE}/${plain}/auto-restart`, { enabled: false, maxRestarts: 2 })).status).toBe(200);
    expect((await planJson()).code).toBe(0);

    const exported = await cli('export', '--connect', 'local', '-d', 'exported');
    expect(exported.code, exported.stderr).toBe(0);
    const managedFile = await readFile(path.join(work, 'exported', 'local', `${managed}.yaml`), 'utf8');
    expect(managedFile).toContain('autoRestart:\n  enabled: true\n  maxRestarts: 3\n  backoffUnitSeconds: 60\n  backoffScheduleSeconds:\n    - 10\n    - 60\n');
    expect(await readFile(path.join(work, 'exported', 'local', `${plain}.yaml`), 'utf8')).toContain('autoRestart:\n  enabled: false\n  maxRestarts: 2\n');
    const fromExport = await cli('plan', '-f', 'exported');
    expect(fromExport.code, fromExport.stdout + fromExport.stderr).toBe(0);
  });

  it('plans a policy changed in the UI as an update without config fields, and apply leaves the config on Connect alone', async () => {
    await waitFor(`${managed} on Connect`, async () => ((await connectRest(stack!.connect.url, 'GET', `/connectors/${managed}/config`)).status === 200 ? true : undefined));
    expect((await api('PUT', `${BASE}/${managed}/auto-restart`, { enabled: true, maxRestarts: 5, backoffScheduleSeconds: [10, 60] })).status).toBe(200);
    const { code, plan } = await planJson();
    expect(code).toBe(2);
    expect(plan.changes.filter((change: { action: string }) => change.action !== 'noop')).toEqual([
      { action: 'update', name: managed, class: SOURCE, fields: [], autoRestart: { change: 'changed', fields: [{ key: 'maxRestarts', change: 'changed', before: '5', after: '3' }] } },
    ]);
    const human = await cli('plan', '-f', 'files');
    expect(human.stdout).toContain(`~ update ${managed}\n      ~ autoRestart.maxRestarts: 5 → 3`);

    const configWrites = (await audits('connector.update', managed)).length;
    const applied = await cli('apply', '-f', 'files', '--auto-approve');
    expect(applied.code, applied.stderr).toBe(0);
    expect((await policyOf(managed)).policy).toMatchObject({ maxRestarts: 3 });
    expect(await audits('connector.update', managed)).toHaveLength(configWrites);
    expect((await planJson()).code).toBe(0);
  });

  it('refuses an unknown or out-of-range policy field in the API body with 400 naming it', async () => {
    const body = (autoRestart: unknown) => ({ connect: 'local', prefix, connectors: [{ name: managed, config: { 'connector.class': SOURCE }, autoRestart }] });
    const unknown = await api('POST', '/api/v1/plan', body({ enabled: true, retries: 3 }));
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('connectors.0.autoRestart.retries');
    const range = await api('POST', '/api/v1/plan', body({ enabled: true, maxRestarts: 0 }));
    expect(range.status).toBe(400);
    expect(JSON.stringify(range.body)).toContain('maxRestarts');
  });

  it('removes the connector\'s own policy for `autoRestart: null`', async () => {
    await writeFiles('autoRestart: null');
    const { code, plan } = await planJson();
    expect(code).toBe(2);
    expect(plan.changes.find((change: { name: string }) => change.name === managed)).toMatchObject({ action: 'update', fields: [], autoRestart: { change: 'removed' } });
    const applied = await cli('apply', '-f', 'files', '--auto-approve');
    expect(applied.code, applied.stderr).toBe(0);
    expect((await policyOf(managed)).source).not.toBe('connector');
    expect(await audits('auto-restart.policy.delete', managed)).toHaveLength(1);
    expect((await planJson()).code).toBe(0);
  });
});
