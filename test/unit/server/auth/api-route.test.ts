// apiRoute + authorize + the /api/v1 guard, on a small app whose callers are set by a test header.
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { apiRoute, registerSecuritySchemes } from '../../../../server/auth/api-route';
import { guardApiV1 } from '../../../../server/auth/authenticate';
import { PERMISSIONS } from '../../../../server/auth/permissions';
import type { Principal } from '../../../../server/auth/principal';
import type { AppEnv } from '../../../../server/http/env';
import { createErrorHandler } from '../../../../server/http/error-handler';
import { createRouter } from '../../../../server/http/router';
import { validationHook } from '../../../../server/http/validation';
import { capturingLogger } from '../stub-app';

const callers: Record<string, Principal> = {
  viewer: { kind: 'token', id: 't1', name: 'viewer-token', role: 'viewer', clusters: null, createdBy: null },
  operatorOnA: { kind: 'token', id: 't2', name: 'operator-a', role: 'operator', clusters: ['a'], createdBy: null },
  admin: { kind: 'token', id: 't3', name: 'admin-token', role: 'admin', clusters: null, createdBy: null },
};

function testApp() {
  const { logger, lines } = capturingLogger();
  const pause = apiRoute({
    method: 'post',
    path: '/connect/{connectId}/connectors/{name}/pause',
    permission: PERMISSIONS.connectorOperate,
    request: {
      params: z.object({ connectId: z.string(), name: z.string() }),
      body: { required: true, content: { 'application/json': { schema: z.object({ reason: z.string() }) } } },
    },
    responses: { 202: { description: 'Paused' } },
  });
  const router = createRouter()
    .openapi(pause, (c) => c.json({ paused: c.req.valid('param').name }, 202))
    .get('/forgotten', (c) => c.json({ leaked: true }));
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.onError(createErrorHandler(logger));
  app.use('*', async (c, next) => {
    c.set('log', logger);
    c.set('principal', callers[c.req.header('x-test-caller') ?? '']);
    await next();
  });
  app.use('/api/v1/*', guardApiV1);
  app.route('/api/v1', router);
  registerSecuritySchemes(app);
  app.doc31('/doc', { openapi: '3.1.0', info: { title: 't', version: '1' } });
  return { app, lines };
}

const pauseRequest = (caller: string | undefined, cluster = 'a', body: unknown = { reason: 'x' }) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json', ...(caller ? { 'x-test-caller': caller } : {}) },
  body: JSON.stringify(body),
  path: `/api/v1/connect/${cluster}/connectors/orders/pause`,
});

async function send(app: OpenAPIHono<AppEnv>, { path, ...init }: ReturnType<typeof pauseRequest>) {
  return app.request(path, init);
}

describe('apiRoute', () => {
  it('declares the permission, the security schemes and the 401/403 answers in the OpenAPI document', async () => {
    const doc = (await (await testApp().app.request('/doc')).json()) as {
      paths: Record<string, Record<string, { 'x-permission': string; security: unknown; responses: Record<string, unknown>; description: string }>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    const operation = doc.paths['/api/v1/connect/{connectId}/connectors/{name}/pause']!.post!;
    expect(operation['x-permission']).toBe('connector:operate');
    expect(operation.security).toEqual([{ session: [] }, { bearer: [] }]);
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['202', '401', '403']));
    expect(operation.description).toContain('connector:operate');
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['bearer', 'session']);
  });

  it('lets a caller with the permission through', async () => {
    const response = await send(testApp().app, pauseRequest('operatorOnA'));
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ paused: 'orders' });
  });

  it('answers 401 without a caller and 403 for a weaker role, before validating the input', async () => {
    const { app } = testApp();
    const anonymous = await send(app, pauseRequest(undefined, 'a', { wrong: true }));
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    const viewer = await send(app, pauseRequest('viewer', 'a', { wrong: true }));
    expect(viewer.status).toBe(403);
    expect(await viewer.json()).toMatchObject({ error: { code: 'forbidden', message: expect.stringContaining('connector:operate') } });
    expect((await send(app, pauseRequest('admin', 'a', { wrong: true }))).status).toBe(400);
  });

  it('answers 403 on a cluster outside a scoped grant', async () => {
    const response = await send(testApp().app, pauseRequest('operatorOnA', 'b'));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'forbidden', message: expect.stringContaining('"b"') } });
  });
});

describe('the /api/v1 guard', () => {
  it('fails closed on a route declared without apiRoute, even for an admin', async () => {
    const { app, lines } = testApp();
    const response = await app.request('/api/v1/forgotten', { headers: { 'x-test-caller': 'admin' } });
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('leaked');
    expect(lines.some((line) => String(line.msg).includes('without a permission check'))).toBe(true);
  });

  it('answers anonymous callers 401 on any path, known or not', async () => {
    const { app } = testApp();
    for (const path of ['/api/v1/forgotten', '/api/v1/no/such/route']) {
      expect((await app.request(path)).status, path).toBe(401);
    }
  });
});
