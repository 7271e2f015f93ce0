/**
 * Two servers on one PostgreSQL database, as behind a load balancer: the background jobs (offset sampler, install
 * runner, config sync) run on one of them; an install accepted by the other is run by the holder; killing the
 * holder in the middle of that install hands the jobs to the survivor within the lease time, which resumes the
 * install where it stopped, and a browser following the install on the survivor sees it end.
 */
import postgres from 'postgres';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertUiBuilt } from '../e2e/environment';
import { launchBrowser, login, openPage } from '../support/browser';
import {
  apiOf,
  buildCustomPlugin,
  describeOperation,
  finished,
  readEvents,
  sleep,
  startDeliveryServer,
  uploadArtifact,
  waitForOperation,
  workFolder,
  type Api,
  type DeliveryServer,
} from '../support/delivery';
import type { RunningServer } from '../support/server';

const PLUGIN = `it-jobs-tick-${Date.now().toString(36)}`;
const LEASE_S = 6;
const RENEW_MS = (LEASE_S * 1000) / 3;
const JOBS = ['alerts-outbox', 'connector-watch', 'metric-history', 'migration-monitor', 'offset-sampler', 'plugin-delivery', 'rebalance-executor'];

let ds: DeliveryServer;
let second: RunningServer | undefined;
let secondApi: Api;
let sql: postgres.Sql;
let browser: Browser | undefined;
let sha = '';
const work = workFolder('jobs-');

interface Lease {
  name: string;
  holder: string;
  live: boolean;
}

async function leases(): Promise<Lease[]> {
  return sql<Lease[]>`select name, holder, expires_at > now() as live from job_leases order by name`;
}

/** When the first of the leases runs out, by the database's clock, as epoch ms. */
async function earliestExpiry(): Promise<number> {
  const [row] = await sql<{ at: string }[]>`select (extract(epoch from min(expires_at)) * 1000)::bigint::text as at from job_leases`;
  return Number(row?.at ?? 0);
}

/** Waits until one holder other than `not` holds every job's lease, and returns it. */
async function soleHolder(not: string | undefined, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let seen: Lease[] = [];
  while (Date.now() < deadline) {
    seen = await leases();
    const holders = new Set(seen.map((lease) => lease.holder));
    const holder = [...holders][0];
    if (seen.length === JOBS.length && holders.size === 1 && holder !== not && seen.every((lease) => lease.live)) return holder!;
    await sleep(100);
  }
  throw new Error(`no single holder${not ? ` other than ${not}` : ''} of every job within ${timeoutMs} ms; leases: ${JSON.stringify(seen)}`);
}

async function waitForOutput(server: RunningServer, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!server.output().includes(text)) {
    if (Date.now() > deadline) throw new Error(`server ${server.url} did not log "${text}" within ${timeoutMs} ms. Its output:\n${server.output()}`);
    await sleep(200);
  }
}

beforeAll(async () => {
  assertUiBuilt();
  ds = await startDeliveryServer({ JOBS_LEASE_SECONDS: String(LEASE_S) });
  sql = postgres(ds.databaseUrl, { max: 1, onnotice: () => {} });
  second = await ds.another();
  secondApi = apiOf(second.url, ds.token);
  const plugin = await buildCustomPlugin({ javaPackage: 'dev.connectory.itjobs', version: '1.0.0', kafkaVersion: ds.stack.versions.kafka, workDir: work.dir });
  // uploaded through the server that does not run installs: the artifact store is the shared data folder
  const uploaded = await uploadArtifact(second.url, ds.token, plugin.file, { name: PLUGIN, version: '1.0.0' });
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
  sha = uploaded.body.sha256;
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  if (secondApi) {
    const uninstall = await secondApi('POST', '/api/v1/connect/local/uninstalls', { plugin: PLUGIN }).catch(() => undefined);
    if (uninstall?.status === 202) await waitForOperation(secondApi, uninstall.body.id, finished).catch(() => {});
  }
  await second?.stop();
  await sql?.end({ timeout: 5 });
  await ds?.close();
  work.remove();
}, 600_000);

describe('background jobs on two servers', () => {
  it('moves the jobs to the survivor when their holder dies mid-install; the survivor finishes the install and its browser sees the end', async () => {
    const first = ds.server;
    const survivor = second!;
    // the first server started alone, so it holds every lease; the second stands by through several renewals
    const holder = await soleHolder(undefined, 30_000);
    await waitForOutput(survivor, 'background jobs: taking part', 10_000);
    // renewed by the holder two renewals after the second server came up
    const renewedBy = Date.now() + LEASE_S * 1000 + 2 * RENEW_MS;
    while ((await earliestExpiry()) < renewedBy) {
      expect((await leases()).map((lease) => lease.holder)).toEqual(JOBS.map(() => holder));
      await sleep(200);
    }

    // accepted by the survivor, run by the holder
    const accepted = await secondApi('POST', '/api/v1/connect/local/installs', { artifact: sha });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    const id: string = accepted.body.id;
    await waitForOutput(first, `resuming operation ${id}`, 10_000);
    expect(survivor.output()).not.toContain(`resuming operation ${id}`);

    // a browser and a plain SSE reader follow the install on the survivor
    const page = await openPage(browser!, survivor.url);
    await login(page.page, survivor);
    await page.page.goto(`/installs/${id}`);
    await page.page.locator('[data-testid="operation"][data-state="running"]').waitFor({ timeout: 60_000 });
    await page.page.getByTestId('connection').filter({ hasText: 'Live' }).waitFor({ timeout: 30_000 });
    const events = readEvents(survivor.url, ds.token, id, 600_000);

    // the first worker is done: kill the holder right there
    const firstWorker = await waitForOperation(secondApi, id, (op) => op.steps[2].state === 'succeeded' || finished(op));
    expect(firstWorker.state, describeOperation(firstWorker)).toBe('running');
    const killedAt = Date.now();
    await ds.kill();

    const next = await soleHolder(holder, 60_000);
    const takeoverMs = Date.now() - killedAt;
    console.info(`jobs taken over ${takeoverMs} ms after the holder was killed (lease ${LEASE_S} s, renewed every ${RENEW_MS} ms)`);
    // at most a lease since the holder's last renewal, plus the survivor's next attempt, plus slack for a busy machine
    expect(takeoverMs).toBeLessThanOrEqual(LEASE_S * 1000 + 2 * RENEW_MS + 5_000);
    // the survivor is the new holder, and it started the sampler loop and resumed the install
    for (const job of JOBS) await waitForOutput(survivor, `background job ${job}: this server holds the lease`, 10_000);
    expect(survivor.output()).toContain(`"holder":"${next}"`);
    await waitForOutput(survivor, 'offset sampler started', 10_000);
    await waitForOutput(survivor, `resuming operation ${id}`, 10_000);

    await page.page.locator('[data-testid="operation"][data-state="succeeded"]').waitFor({ timeout: 480_000 });
    await page.page.getByTestId('operation-succeeded').waitFor();
    expect(page.errors).toEqual([]);
    await page.context.close();

    const streamed = await events;
    expect(streamed.length).toBeGreaterThan(0);
    expect(streamed.at(-1)).toMatchObject({ event: 'done', data: { id, state: 'succeeded' } });
    const operation = await waitForOperation(secondApi, id, finished, 10_000);
    expect(operation.state, describeOperation(operation)).toBe('succeeded');
    // the first worker's steps were not done again by the survivor
    expect(operation.steps.slice(0, 3).map((s: { finishedAt: string }) => s.finishedAt)).toEqual(firstWorker.steps.slice(0, 3).map((s: { finishedAt: string }) => s.finishedAt));
  }, 900_000);
});
