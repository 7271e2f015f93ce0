/** GET /metrics access rules and the history API's input checks, on an app without clusters (PGlite). */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertRules, alertStates, autoRestartStates, connectClusters } from '../../../server/db/tables';
import { createTestApp, type TestApp } from '../../support/app';
import { tokenFor } from '../../support/auth';

let app: TestApp;
let open: TestApp;

beforeAll(async () => {
  [app, open] = await Promise.all([createTestApp(), createTestApp({ metrics: { public: true } })]);
});

afterAll(async () => {
  await Promise.all([app?.close(), open?.close()]);
});

describe('GET /metrics', () => {
  it('needs a caller unless opened by configuration', async () => {
    const anonymous = await app.app.request('/metrics');
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as any).error.code).toBe('unauthenticated');
    const bad = await app.app.request('/metrics', { headers: { Authorization: 'Bearer cty_not-a-token' } });
    expect(bad.status).toBe(401);

    const opened = await open.app.request('/metrics');
    expect(opened.status).toBe(200);
    expect(opened.headers.get('content-type')).toContain('text/plain');
  });

  it('answers a viewer token in the exposition format, with API request durations by route pattern', async () => {
    const viewer = await tokenFor(app, 'viewer');
    expect((await app.app.request('/api/v1/me', { headers: viewer.headers })).status).toBe(200);
    const response = await app.app.request('/metrics', { headers: viewer.headers });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('# TYPE connectory_http_request_duration_seconds histogram');
    expect(text).toMatch(/connectory_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/me",status="200"\} 1/);
    expect(text).toContain('# TYPE kafka_consumergroup_lag gauge');
  });
});

describe('auto-restarts and alerts in /metrics', () => {
  it('counts auto-restarts per connector and alerts per rule and state, each caller seeing only its clusters', async () => {
    const db = app.database.db;
    // A Connect cluster without workers: its connectors are not listed, but what auto-restart did is in the database.
    await db.insert(connectClusters).values([{ id: 'eu', name: 'EU' }, { id: 'us', name: 'US' }]);
    await db.insert(autoRestartStates).values([
      { connectClusterId: 'eu', connectorName: 'orders-sink', restarts: 3 },
      { connectClusterId: 'us', connectorName: 'billing-source', restarts: 5, gaveUpAt: new Date() },
    ]);
    const [rule] = await db.insert(alertRules).values({ name: 'connector failed', condition: { kind: 'connector-failed' }, channelIds: [], severity: 'critical' }).returning();
    const state = (key: string, clusterId: string | null, value: 'firing' | 'resolved') => ({ key, ruleId: rule!.id, resource: key, clusterId, state: value, since: new Date(), summary: key, details: {} });
    await db.insert(alertStates).values([state('a', 'eu', 'firing'), state('b', 'us', 'firing'), state('c', 'us', 'resolved'), state('d', null, 'firing')]);

    const everything = await (await app.app.request('/metrics', { headers: (await tokenFor(app, 'viewer')).headers })).text();
    expect(everything).toContain('connectory_connector_auto_restarts{cluster="eu",connector="orders-sink"} 3');
    expect(everything).toContain('connectory_connector_auto_restart_gave_up{cluster="us",connector="billing-source"} 1');
    expect(everything).toContain('connectory_alerts{rule="connector failed",severity="critical",state="firing"} 3');
    expect(everything).toContain('connectory_alerts{rule="connector failed",severity="critical",state="resolved"} 1');

    const eu = await (await app.app.request('/metrics', { headers: (await tokenFor(app, 'viewer', ['connect:eu'])).headers })).text();
    expect(eu).toContain('connectory_connector_auto_restarts{cluster="eu",connector="orders-sink"} 3');
    expect(eu).not.toContain('billing-source');
    expect(eu).toContain('connectory_alerts{rule="connector failed",severity="critical",state="firing"} 1');
    expect(eu).not.toContain('state="resolved"');
  });
});

describe('the Grafana dashboard (docs/grafana/connectory.json)', () => {
  it('graphs only metrics /metrics exports, through its own datasource variable', async () => {
    const dashboard = JSON.parse(await readFile(new URL('../../../docs/grafana/connectory.json', import.meta.url), 'utf8'));
    const panels = (dashboard.panels as { id: number; type: string; datasource?: { uid: string }; targets?: { expr: string }[] }[]).filter((panel) => panel.type !== 'row');
    expect(panels.length).toBeGreaterThan(8);
    expect(new Set(dashboard.panels.map((panel: { id: number }) => panel.id)).size).toBe(dashboard.panels.length);
    expect(dashboard.templating.list[0]).toMatchObject({ name: 'datasource', type: 'datasource', query: 'prometheus' });
    const viewer = await tokenFor(app, 'viewer');
    const exported = new Set([...(await (await app.app.request('/metrics', { headers: viewer.headers })).text()).matchAll(/^# TYPE (\w+) /gm)].map((m) => m[1]));
    const used = new Set<string>();
    for (const panel of panels) {
      expect(panel.datasource?.uid).toBe('${datasource}');
      expect(panel.targets?.length).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) for (const [name] of target.expr.matchAll(/\b(?:kafka|connectory)_\w+/g)) used.add(name.replace(/_(bucket|count|sum)$/, (suffix) => (exported.has(name) ? suffix : '')));
    }
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((name) => !exported.has(name))).toEqual([]);
  });
});

describe('history API input', () => {
  it('refuses an unknown range with 400 naming the field', async () => {
    const viewer = await tokenFor(app, 'viewer');
    for (const path of ['/api/v1/clusters/local/history?range=year', '/api/v1/clusters/local/consumer-groups/g1/history?range=year']) {
      const response = await app.app.request(path, { headers: viewer.headers });
      expect(response.status).toBe(400);
      const { error } = (await response.json()) as any;
      expect(error).toMatchObject({ code: 'invalid_input', field: 'range' });
    }
    const unknown = await app.app.request('/api/v1/clusters/local/history?range=day&step=5', { headers: viewer.headers });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as any).error.field).toBe('step');
  });

  it('answers 404 for a cluster that is not registered', async () => {
    const viewer = await tokenFor(app, 'viewer');
    const response = await app.app.request('/api/v1/clusters/nowhere/history?range=day', { headers: viewer.headers });
    expect(response.status).toBe(404);
  });
});
