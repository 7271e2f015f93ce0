/**
 * The agent in the broker role: run beside a Kafka broker, it reports the host's health (the log dirs' disks,
 * memory, load) to Connectory, which takes the broker's disk capacity from it and shows the host even while the
 * broker process is down. Nothing to supervise or deliver there: only `GET /health`, behind the same bearer token.
 */
import { stat, statfs } from 'node:fs/promises';
import { Hono } from 'hono';
import { z } from 'zod';
import { bearerMatches } from './auth';
import { AgentConfigError } from './config';
import { readNodeHealth, type NodeHealth } from './node-health';

const brokerAgentSchema = z
  .object({
    role: z.literal('broker'),
    listen: z.object({ host: z.string().default('127.0.0.1'), port: z.number().int().min(0).max(65535) }),
    token: z.string().min(16).optional(),
    tls: z.object({ certFile: z.string().min(1), keyFile: z.string().min(1), clientCaFile: z.string().min(1).optional() }).strict().optional(),
    brokerId: z.number().int().min(0).optional(),
    /** The broker's `log.dirs`: their volumes are its disk capacity. */
    logDirs: z.array(z.string().min(1)).min(1),
  })
  .strict();

export type BrokerAgentConfig = z.infer<typeof brokerAgentSchema> & { token: string };

export const isBrokerRole = (raw: unknown): boolean => typeof raw === 'object' && raw !== null && (raw as { role?: unknown }).role === 'broker';

export function parseBrokerAgentConfig(raw: unknown, env: NodeJS.ProcessEnv = process.env): BrokerAgentConfig {
  const parsed = brokerAgentSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new AgentConfigError(`plugin agent (broker role): invalid config: ${issues.join('; ')}`);
  }
  const token = env.AGENT_TOKEN || parsed.data.token;
  if (!token || token.length < 16) throw new AgentConfigError('plugin agent: a bearer token of at least 16 characters is required (AGENT_TOKEN or "token")');
  return { ...parsed.data, token };
}

export interface BrokerHealth {
  role: 'broker';
  brokerId?: number;
  /** `disk` sums the distinct volumes of the log dirs (two dirs on one volume count once). */
  node: NodeHealth;
  logDirs: { path: string; totalBytes: number; freeBytes: number; error?: string }[];
}

export async function readBrokerHealth(logDirs: string[], brokerId?: number): Promise<BrokerHealth> {
  const dirs = await Promise.all(
    logDirs.map(async (path) => {
      try {
        const [fs, info] = await Promise.all([statfs(path), stat(path)]);
        return { path, totalBytes: fs.blocks * fs.bsize, freeBytes: fs.bavail * fs.bsize, device: info.dev };
      } catch (error) {
        return { path, totalBytes: 0, freeBytes: 0, device: undefined, error: (error as Error).message };
      }
    }),
  );
  const volumes = new Map<number, { totalBytes: number; freeBytes: number }>();
  for (const dir of dirs) if (dir.device !== undefined) volumes.set(dir.device, dir);
  const base = await readNodeHealth(dirs.find((dir) => dir.device !== undefined)?.path ?? '/');
  const sum = (key: 'totalBytes' | 'freeBytes') => [...volumes.values()].reduce((total, volume) => total + volume[key], 0);
  return {
    role: 'broker',
    ...(brokerId !== undefined ? { brokerId } : {}),
    node: { ...base, disk: { path: logDirs.join(','), totalBytes: sum('totalBytes'), freeBytes: sum('freeBytes') } },
    logDirs: dirs.map(({ device: _, ...dir }) => dir),
  };
}

export function createBrokerAgentApp(deps: { token: string; logDirs: string[]; brokerId?: number; health?: () => Promise<BrokerHealth> }): Hono {
  const app = new Hono();
  const health = deps.health ?? (() => readBrokerHealth(deps.logDirs, deps.brokerId));
  app.use('*', async (c, next) => {
    if (!bearerMatches(c.req.header('authorization'), deps.token)) {
      c.header('WWW-Authenticate', 'Bearer realm="connectory-agent"');
      return c.json({ error: { code: 'unauthorized', message: 'plugin agent: missing or invalid bearer token' } }, 401);
    }
    await next();
  });
  app.get('/health', async (c) => c.json(await health()));
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `plugin agent (broker role): no route for ${c.req.method} ${c.req.path}` } }, 404));
  return app;
}
