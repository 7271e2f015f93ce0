// Connectors as code (issue #14): the `connectory` CLI against the real stack's Connect cluster. Every run
// manages only connectors under its own unique name prefix, so other tests' connectors are never planned or pruned.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
const SINK = 'org.apache.kafka.connect.file.FileStreamSinkConnector';
const BASE = '/api/v1/connect/local/connectors';
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

describe.runIf(stack)('plan and apply connectors from files', () => {
  let ctx: ConnectTestContext;
  let server: ServerType;
  let url: string;
  let token: string;
  let viewerToken: string;
  let work: string;
  const prefix = `${uniqueName('gitops')}-`;
  const src = `${prefix}src`;
  const paused = `${prefix}paused`;
  const sink = `${prefix}sink`;
  const outsider = uniqueName('gitops-outsider');
  const secretVariable = `${src}_cty_secret_password`.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  const env: Record<string, string> = {};

  const api = (method: string, apiPath: string, body?: unknown) => call(ctx.testApp, method, apiPath, ctx.operator, body);
  const cli = async (...args: string[]): Promise<CliRun> => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(args, {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      env: { CONNECTORY_URL: url, CONNECTORY_TOKEN: token, NO_COLOR: '1', ...env },
      cwd: work,
    });
    return { code, stdout, stderr };
  };
  const stateOf = async (name: string) => (await connectRest(stack!.connect.url, 'GET', `/connectors/${name}/status`)).body?.connector?.state as string | undefined;
  const settled = (expected: Record<string, string>) =>
    waitFor(`connector states ${JSON.stringify(expected)}`, async () => {
      for (const [name, state] of Object.entries(expected)) if ((await stateOf(name)) !== state) return undefined;
      return true;
    });
  /**
   * The config one worker serves, once it serves one that `until` accepts: a worker may answer from a config topic
   * it has not read to the end yet (seen right after an apply on a loaded machine), so a test waits for what was written.
   */
  const configOnConnect = (name: string, until: (config: Record<string, string>) => boolean = () => true) =>
    waitFor(`the config of ${name} on Connect`, async () => {
      const answer = await connectRest(stack!.connect.url, 'GET', `/connectors/${name}/config`);
      const config = answer.status === 200 ? (answer.body as Record<string, string>) : undefined;
      return config && until(config) ? config : undefined;
    });
  const filesIn = async (dir: string) => {
    const folder = path.join(work, dir, 'local');
    // Connector files only: plugins/ (the plugins the connectors use) is a folder beside them.
    const names = (await readdir(folder, { withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name).sort();
    return Object.fromEntries(await Promise.all(names.map(async (name) => [name, await readFile(path.join(folder, name), 'utf8')] as const)));
  };
  const planJson = async (...args: string[]) => {
    const run = await cli('plan', ...args, '--prefix', prefix, '--output', 'json');
    return { ...run, body: run.stdout ? JSON.parse(run.stdout) : undefined };
  };

  beforeAll(async () => {
    ctx = await connectTestApp(stack!, { captureLogs: true });
    token = (await tokenFor(ctx.testApp, 'operator')).token;
    viewerToken = (await tokenFor(ctx.testApp, 'viewer')).token;
    server = await new Promise<ServerType>((resolve) => {
      const started = serve({ fetch: ctx.testApp.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(started));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    work = await mkdtemp(path.join(tmpdir(), 'cty-gitops-it-'));
    const create = async (name: string, config: Record<string, string>) => {
      const answer = await api('POST', BASE, { name, config });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    };
    await create(src, { 'connector.class': SOURCE, file: '/dev/null', topic: `${prefix}lines`, 'tasks.max': '1', 'cty.secret.password': 'first-secret-value' });
    await create(paused, { 'connector.class': SOURCE, file: '/dev/null', topic: `${prefix}other` });
    await create(sink, { 'connector.class': SINK, file: path.join(work, 'sink.txt'), topics: `${prefix}lines` });
    await create(outsider, { 'connector.class': SOURCE, file: '/dev/null', topic: `${prefix}outsider` });
    await settled({ [src]: 'RUNNING', [paused]: 'RUNNING', [sink]: 'RUNNING' });
    expect((await api('POST', `${BASE}/${paused}/pause`)).status).toBe(202);
    await settled({ [paused]: 'PAUSED' });
  });

  afterAll(async () => {
    if (stack) await deleteConnectors(stack, [src, paused, sink, outsider]);
    await new Promise((resolve) => server?.close(resolve));
    await ctx?.testApp.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('exports the live connectors with secrets as references, applies them to a clean state, and exports the same files again', async () => {
    const exported = await cli('export', '--connect', 'local', '--prefix', prefix, '-d', 'first');
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toContain(secretVariable);
    const first = await filesIn('first');
    expect(Object.keys(first)).toEqual([`${paused}.yaml`, `${sink}.yaml`, `${src}.yaml`]);
    expect(first[`${src}.yaml`]).toContain(`cty.secret.password: \${env:${secretVariable}}`);
    expect(first[`${paused}.yaml`]).toContain('state: PAUSED');
    expect(Object.values(first).join('\n')).not.toContain('first-secret-value');

    await deleteConnectors(stack!, [src, paused, sink]);
    await waitFor('the deleted connectors to leave every worker\'s listing', async () => {
      for (const worker of stack!.connect.workers) {
        const names = (await connectRest(worker.url, 'GET', '/connectors')).body as string[];
        if (names.some((name) => name.startsWith(prefix))) return undefined;
      }
      return true;
    });
    env[secretVariable] = 'first-secret-value';
    const plan = await planJson('-f', 'first');
    expect(plan.code, plan.stderr).toBe(2);
    expect(plan.body.plans[0].summary).toMatchObject({ create: 3, update: 0, delete: 0 });

    const applied = await cli('apply', '-f', 'first', '--prefix', prefix, '--auto-approve');
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Applied 3 changes');
    // Created paused, never running first (KIP-980's initial state).
    await settled({ [paused]: 'PAUSED', [src]: 'RUNNING', [sink]: 'RUNNING' });
    expect((await configOnConnect(src, (config) => config['cty.secret.password'] === 'first-secret-value'))['cty.secret.password']).toBe('first-secret-value');

    const again = await cli('export', '--connect', 'local', '--prefix', prefix, '-d', 'second');
    expect(again.code, again.stderr).toBe(0);
    expect(await filesIn('second')).toEqual(first);

    // The same files twice: nothing to do the second time.
    const second = await cli('apply', '-f', 'first', '--prefix', prefix, '--auto-approve', '--output', 'json');
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout).applied).toEqual([]);
    expect((await planJson('-f', 'first')).code).toBe(0);
  });

  it('shows exactly the field someone changed through the API, and apply puts it back', async () => {
    const config = await configOnConnect(src);
    const edited = await api('PUT', `${BASE}/${src}`, { config: { ...config, topic: `${prefix}edited` } });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);

    const plan = await planJson('-f', 'first');
    expect(plan.code, plan.stderr).toBe(2);
    const changes = plan.body.plans[0].changes.filter((change: { action: string }) => change.action !== 'noop');
    expect(changes).toEqual([{ action: 'update', name: src, class: SOURCE, fields: [{ key: 'topic', change: 'changed', before: `${prefix}edited`, after: `${prefix}lines` }] }]);

    const human = await cli('plan', '-f', 'first', '--prefix', prefix);
    expect(human.code).toBe(2);
    expect(human.stdout).toContain(`~ update ${src}`);
    expect(human.stdout).toContain(`~ topic: ${prefix}edited → ${prefix}lines`);
    const diff = await cli('diff', '-f', 'first', '--prefix', prefix);
    expect(diff.code).toBe(2);
    expect(diff.stdout).toContain(`- config.topic: ${prefix}edited\n+ config.topic: ${prefix}lines`);

    const applied = await cli('apply', '-f', 'first', '--prefix', prefix, '--auto-approve');
    expect(applied.code, applied.stderr).toBe(0);
    expect((await configOnConnect(src, (config) => config.topic === `${prefix}lines`)).topic).toBe(`${prefix}lines`);
    const history = await api('GET', `${BASE}/${src}/history`);
    expect(history.status).toBe(200);
  });

  it('shows a secret changed in the environment only as "changed", its value nowhere in the output or logs', async () => {
    env[secretVariable] = 'second-secret-value';
    const json = await planJson('-f', 'first');
    const runs = [await cli('plan', '-f', 'first', '--prefix', prefix), await cli('diff', '-f', 'first', '--prefix', prefix), json];
    for (const run of runs) expect(run.code, run.stderr).toBe(2);
    expect(runs[0]!.stdout).toContain('~ cty.secret.password: (secret changed)');
    const changes = json.body.plans[0].changes.filter((change: { action: string }) => change.action !== 'noop');
    expect(changes).toEqual([{ action: 'update', name: src, class: SOURCE, fields: [{ key: 'cty.secret.password', change: 'changed', secret: true }] }]);

    const applied = await cli('apply', '-f', 'first', '--prefix', prefix, '--auto-approve');
    expect(applied.code, applied.stderr).toBe(0);
    expect((await configOnConnect(src, (config) => config['cty.secret.password'] === 'second-secret-value'))['cty.secret.password']).toBe('second-secret-value');
    const everything = [...runs, applied].map((run) => run.stdout + run.stderr).join('\n') + ctx.testApp.logLines.join('\n');
    expect(everything).not.toContain('second-secret-value');
    expect(everything).not.toContain('first-secret-value');
    const audits = await ctx.testApp.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'gitops.apply'), eq(auditLog.objectId, 'local')));
    expect(audits.length).toBeGreaterThan(0);
    expect(JSON.stringify(audits)).not.toContain('second-secret-value');
    const connectorAudits = await ctx.testApp.database.db.select().from(auditLog).where(eq(auditLog.objectId, src));
    expect(connectorAudits.length).toBeGreaterThan(0);
    expect(JSON.stringify(connectorAudits)).not.toContain('second-secret-value');
  });

  it('prunes only what is missing from the files, within the prefix', async () => {
    await unlink(path.join(work, 'first', 'local', `${sink}.yaml`));
    const withoutPrune = await planJson('-f', 'first');
    expect(withoutPrune.code, withoutPrune.stderr).toBe(0);
    const plan = await planJson('-f', 'first', '--prune');
    expect(plan.code, plan.stderr).toBe(2);
    const changes = plan.body.plans[0].changes.filter((change: { action: string }) => change.action !== 'noop');
    expect(changes).toEqual([{ action: 'delete', name: sink, class: SINK, fields: [] }]);

    const applied = await cli('apply', '-f', 'first', '--prefix', prefix, '--prune', '--auto-approve');
    expect(applied.code, applied.stderr).toBe(0);
    // Right after a delete a worker may still answer for the connector (an empty 204) until the tombstone is read.
    await waitFor('the pruned connector to be gone', async () => ((await connectRest(stack!.connect.url, 'GET', `/connectors/${sink}`)).status === 404 ? true : undefined));
    for (const kept of [src, paused, outsider]) expect((await connectRest(stack!.connect.url, 'GET', `/connectors/${kept}`)).status).toBe(200);
  });

  it('refuses a stale plan with 409 naming what moved, changing nothing', async () => {
    const plan = await planJson('-f', 'first');
    expect(plan.code, plan.stderr).toBe(0);
    const { fingerprint, observed } = plan.body.plans[0];
    const config = await configOnConnect(paused);
    expect((await api('PUT', `${BASE}/${paused}`, { config: { ...config, topic: `${prefix}moved` } })).status).toBe(200);

    const files = await readFile(path.join(work, 'first', 'local', `${src}.yaml`), 'utf8');
    const body = {
      connect: 'local',
      prefix,
      fingerprint,
      observed,
      connectors: [{ name: src, state: 'RUNNING', config: { 'connector.class': SOURCE, file: '/dev/null', topic: `${prefix}stale`, 'tasks.max': '1' } }],
    };
    const refused = await api('POST', '/api/v1/apply', body);
    expect(refused.status, JSON.stringify(refused.body)).toBe(409);
    expect(refused.body.error.code).toBe('plan_stale');
    expect(refused.body.error.message).toContain(`${paused} (changed)`);
    expect((await configOnConnect(src, (config) => config.topic === `${prefix}lines`)).topic).toBe(`${prefix}lines`);
    expect(files).toContain('cty.secret.password');

    const pinned = await cli('apply', '-f', 'first', '--prefix', prefix, '--auto-approve', '--fingerprint', fingerprint);
    expect(pinned.code).toBe(1);
    expect(pinned.stderr).toContain('changed since the plan was made');
    expect((await configOnConnect(paused, (config) => config.topic === `${prefix}moved`)).topic).toBe(`${prefix}moved`);
  });

  it('answers malformed YAML, unknown fields, unset variables and invalid configs with clear errors, changing nothing', async () => {
    const before = await planJson('-f', 'first');
    const bad = path.join(work, 'bad');
    const cases: [string, string, RegExp][] = [
      ['syntax.yaml', `apiVersion: connectory/v1\nkind: Connector\nconnect: local\nname: ${src}\nconfig:\n  topic: "unclosed\n`, /syntax\.yaml:\d+:\d+: /],
      ['unknown.yaml', `apiVersion: connectory/v1\nkind: Connector\nconnect: local\nname: ${src}\nsate: PAUSED\nconfig:\n  topic: x\n`, /unknown\.yaml:5:1: unknown field "sate"/],
      ['unset.yaml', `apiVersion: connectory/v1\nkind: Connector\nconnect: local\nname: ${src}\nconfig:\n  connector.class: ${SOURCE}\n  db.password: \${env:CTY_GITOPS_NEVER_SET}\n`, /environment variable CTY_GITOPS_NEVER_SET is not set/],
    ];
    for (const [file, text, message] of cases) {
      await rm(bad, { recursive: true, force: true });
      await mkdir(bad, { recursive: true });
      await writeFile(path.join(bad, file), text);
      for (const command of ['plan', 'apply']) {
        const run = await cli(command, '-f', 'bad', '--prefix', prefix, '--auto-approve');
        expect(run.code, `${command} ${file}`).toBe(1);
        expect(run.stderr).toMatch(message);
      }
    }

    await writeFile(
      path.join(bad, 'unset.yaml'),
      `apiVersion: connectory/v1\nkind: Connector\nconnect: local\nname: ${prefix}invalid\nconfig:\n  connector.class: ${SOURCE}\n  tasks.max: many\n`,
    );
    const invalid = await cli('plan', '-f', 'bad', '--prefix', prefix);
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toContain('! tasks.max:');
    const refused = await cli('apply', '-f', 'bad', '--prefix', prefix, '--auto-approve');
    expect(refused.code).toBe(1);
    expect((await connectRest(stack!.connect.url, 'GET', `/connectors/${prefix}invalid`)).status).toBe(404);

    const after = await planJson('-f', 'first');
    expect(after.body.plans[0].fingerprint).toBe(before.body.plans[0].fingerprint);
  });

  it('runs as `npx connectory`, with exit code 2 for changes and 0 after applying them', async () => {
    const npx = (...args: string[]) =>
      new Promise<CliRun>((resolve) => {
        execFile('npx', ['connectory', ...args], { cwd: REPO_ROOT, env: { ...process.env, CONNECTORY_URL: url, CONNECTORY_TOKEN: token, NO_COLOR: '1', ...env }, timeout: 90_000 }, (error, stdout, stderr) =>
          resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
      });
    const files = path.join(work, 'first');
    // The stale-plan test left a topic changed on the live cluster.
    const planned = await npx('plan', '-f', files, '--prefix', prefix);
    expect(planned.code, planned.stderr).toBe(2);
    expect(planned.stdout).toContain(`~ topic: ${prefix}moved → ${prefix}other`);
    const applied = await npx('apply', '-f', files, '--prefix', prefix, '--auto-approve');
    expect(applied.code, applied.stderr).toBe(0);
    const clean = await npx('plan', '-f', files, '--prefix', prefix, '--output', 'json');
    expect(clean.code, clean.stderr).toBe(0);
    expect(JSON.parse(clean.stdout).changes).toBe(false);
    const unattended = await npx('apply', '-f', path.join(work, 'second'), '--prefix', prefix);
    expect(unattended.code).toBe(1);
    expect(unattended.stderr).toContain('--auto-approve');
  });

  it('lets only one of two concurrent applies of the same plan through', async () => {
    const plan = await planJson('-f', 'first');
    expect(plan.code, plan.stderr).toBe(0);
    const { fingerprint } = plan.body.plans[0];
    const body = (topic: string) => ({
      connect: 'local',
      prefix,
      fingerprint,
      connectors: [{ name: src, state: 'RUNNING', config: { 'connector.class': SOURCE, file: '/dev/null', topic, 'tasks.max': '1', 'cty.secret.password': 'x' } }],
    });
    const answers = await Promise.all([api('POST', '/api/v1/apply', body(`${prefix}one`)), api('POST', '/api/v1/apply', body(`${prefix}two`))]);
    expect(answers.map((answer) => answer.status).sort(), JSON.stringify(answers.map((answer) => answer.body))).toEqual([200, 409]);
    const winner = answers.find((answer) => answer.status === 200)!;
    const written = winner.body.plan.changes.find((change: { name: string }) => change.name === src).fields.find((field: { key: string }) => field.key === 'topic').after;
    expect((await configOnConnect(src, (config) => config.topic === written)).topic).toBe(written);
    const restored = await cli('apply', '-f', 'first', '--prefix', prefix, '--auto-approve');
    expect(restored.code, restored.stderr).toBe(0);
  });

  it('needs the operator role and access to the cluster', async () => {
    const viewer = await runCli(['plan', '-f', 'first', '--prefix', prefix], {
      stdout: { write: () => true },
      stderr: { write: () => true },
      env: { CONNECTORY_URL: url, CONNECTORY_TOKEN: viewerToken, ...env },
      cwd: work,
    });
    expect(viewer).toBe(1);
    const direct = await call(ctx.testApp, 'POST', '/api/v1/plan', ctx.viewer, { connect: 'local', connectors: [] });
    expect(direct.status).toBe(403);
    const unknown = await api('POST', '/api/v1/plan', { connect: 'local', connectors: [], extra: true });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe('extra');
  });
});
