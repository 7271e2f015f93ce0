import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { bearerMatches } from './auth';
import { readNodeHealth, type NodeHealth } from './node-health';
import { mountPluginRoutes } from './plugin-routes';
import type { WorkerTopics } from './worker-topics';
import { WorkerControlError, type WorkerControl } from './worker-control';

export interface AgentAppDeps {
  token: string;
  worker: WorkerControl;
  pluginPath: string;
  nodeHealth?: (pluginPath: string) => Promise<NodeHealth>;
  /** The worker's internal topic names from its properties file; absent when the agent does not know the file. */
  workerTopics?: () => Promise<WorkerTopics>;
  onError?: (err: unknown) => void;
}

function errorBody(c: Context, status: ContentfulStatusCode, code: string, message: string) {
  return c.json({ error: { code, message } }, status);
}

const WORKER_ERROR_STATUS = { not_supported: 501, command_failed: 502 } as const;

/**
 * The agent's HTTP API. Every route needs the bearer token. Archive upload/extract routes come
 * with plugin delivery; they mount here beside the worker routes.
 */
export function createAgentApp(deps: AgentAppDeps): Hono {
  const app = new Hono();
  const nodeHealth = deps.nodeHealth ?? readNodeHealth;

  app.use('*', async (c, next) => {
    if (!bearerMatches(c.req.header('authorization'), deps.token)) {
      c.header('WWW-Authenticate', 'Bearer realm="connectory-agent"');
      return errorBody(c, 401, 'unauthorized', 'plugin agent: missing or invalid bearer token');
    }
    await next();
  });

  app.get('/health', async (c) => {
    const [worker, node, topics] = await Promise.all([deps.worker.status(), nodeHealth(deps.pluginPath), deps.workerTopics?.().catch(() => undefined)]);
    return c.json({ worker, node, ...(topics ? { topics } : {}) });
  });

  const workerAction = (action: 'restart' | 'stop' | 'start') => async (c: Context) => {
    await deps.worker[action]();
    return c.json({ worker: await deps.worker.status() });
  };
  app.post('/worker/restart', workerAction('restart'));
  app.post('/worker/stop', workerAction('stop'));
  app.post('/worker/start', workerAction('start'));
  mountPluginRoutes(app, { pluginPath: deps.pluginPath, token: deps.token });

  app.notFound((c) => errorBody(c, 404, 'not_found', `plugin agent: no route for ${c.req.method} ${c.req.path}`));
  app.onError((err, c) => {
    if (err instanceof WorkerControlError) return errorBody(c, WORKER_ERROR_STATUS[err.code], err.code, err.message);
    deps.onError?.(err);
    return errorBody(c, 500, 'internal', 'plugin agent: internal error');
  });
  return app;
}
