import { createRoute, z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../server/http/errors';
import { createRouter } from '../../../server/http/router';
import { capturingLogger, stubApp } from './stub-app';

/** A router like the domain routers will be: mounted under /api/test with a validated body and query. */
function testRouter() {
  const create = createRoute({
    method: 'post',
    path: '/things',
    request: {
      // `token`: a query parameter that must never reach the log (query strings can carry secrets)
      query: z.object({ dryRun: z.enum(['true', 'false']).optional(), token: z.string().optional() }),
      body: {
        content: {
          'application/json': {
            schema: z.object({ name: z.string().min(1), config: z.object({ tasks: z.number().int().positive() }) }),
          },
        },
      },
    },
    responses: { 201: { description: 'Created', content: { 'application/json': { schema: z.object({ name: z.string() }) } } } },
  });
  return createRouter()
    .openapi(create, (c) => c.json({ name: c.req.valid('json').name }, 201))
    .get('/conflict', () => {
      throw new ApiError(409, 'conflict', 'Thing "a" already exists', 'name');
    })
    .get('/boom', () => {
      throw new Error('secret internals at /srv/db.ts:42');
    });
}

function appWithTestRoutes() {
  const captured = capturingLogger();
  const app = stubApp({ logger: captured.logger });
  app.route('/api/test', testRouter());
  return { app, lines: captured.lines };
}

const post = (body: unknown, query = '') => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json', Authorization: 'Bearer very-secret', Cookie: 'session=also-secret' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
  path: `/api/test/things${query}`,
});

async function send(app: ReturnType<typeof appWithTestRoutes>['app'], request: ReturnType<typeof post>) {
  const { path, ...init } = request;
  return app.request(path, init);
}

describe('HTTP error shape', () => {
  it('passes valid input through', async () => {
    const { app } = appWithTestRoutes();
    const response = await send(app, post({ name: 'a', config: { tasks: 1 } }));
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ name: 'a' });
  });

  it('names the first bad body field, as a dotted path', async () => {
    const { app } = appWithTestRoutes();
    const response = await send(app, post({ name: 'a', config: { tasks: 'many' } }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string; field: string } };
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.field).toBe('config.tasks');
    expect(body.error.message).toMatch(/body field "config\.tasks"/);
  });

  it('names a bad query parameter', async () => {
    const { app } = appWithTestRoutes();
    const response = await send(app, post({ name: 'a', config: { tasks: 1 } }, '?dryRun=maybe'));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_input', field: 'dryRun' } });
  });

  it('answers malformed JSON with a 400 in the same shape', async () => {
    const { app } = appWithTestRoutes();
    const response = await send(app, post('{"name": '));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_input' } });
  });

  it('maps an ApiError to its status, code, message and field', async () => {
    const { app } = appWithTestRoutes();
    const response = await app.request('/api/test/conflict');
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({
      error: { code: 'conflict', message: 'Thing "a" already exists', field: 'name' },
    });
  });

  it('hides unknown errors behind a 500 and logs the stack', async () => {
    const { app, lines } = appWithTestRoutes();
    const response = await app.request('/api/test/boom');
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: 'Internal error' } });
    expect(text).not.toMatch(/secret internals|\.ts/);
    const logged = lines.find((line) => line.msg === 'unhandled error') as { err: { stack: string } } | undefined;
    expect(logged?.err.stack).toMatch(/secret internals/);
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const { app } = appWithTestRoutes();
    for (const [method, path] of [
      ['GET', '/api/x'],
      ['POST', '/api/nothing/here'],
      ['GET', '/api'],
    ] as const) {
      const response = await app.request(path, { method });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/application\/json/);
      expect(await response.json()).toEqual({ error: { code: 'not_found', message: `No route for ${method} ${path}` } });
    }
  });

  it('answers anonymous calls to unknown /api/v1 paths with 401, not a 404 that maps the API', async () => {
    const { app } = appWithTestRoutes();
    const response = await app.request('/api/v1/nothing/here', { method: 'POST' });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthenticated' } });
  });
});

describe('request logging', () => {
  it('logs method, path, status, duration and request id, never headers or bodies', async () => {
    const { app, lines } = appWithTestRoutes();
    const response = await send(app, post({ name: 'a', config: { tasks: 1 } }, '?token=in-the-query'));
    const requestLine = lines.find((line) => line.msg === 'request');
    expect(requestLine).toMatchObject({ method: 'POST', path: '/api/test/things', status: 201 });
    expect(requestLine?.reqId).toBe(response.headers.get('x-request-id'));
    expect(typeof requestLine?.durationMs).toBe('number');
    const everything = JSON.stringify(lines);
    expect(everything).not.toMatch(/very-secret|also-secret|in-the-query|"name":"a"/);
  });

  it('redacts credentials if a log call ever passes headers', () => {
    const { logger, lines } = capturingLogger();
    logger.info({ req: { headers: { authorization: 'Bearer x', cookie: 'sid=y' } }, headers: { cookie: 'z' } }, 'oops');
    expect(JSON.stringify(lines)).not.toMatch(/Bearer x|sid=y|"z"/);
  });

  it('keeps a valid incoming request id', async () => {
    const { app } = appWithTestRoutes();
    const response = await app.request('/api/x', { headers: { 'X-Request-Id': 'trace-123' } });
    expect(response.headers.get('x-request-id')).toBe('trace-123');
  });
});
