import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** The process the agent supervises: the Connect worker's JVM in the local stack. */
const workerProcessSchema = z.object({
  command: z.string().min(1),
  args: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).default({}),
  cwd: z.string().optional(),
});

/** An external command, for deployments where systemd (or similar) owns the worker. */
const externalCommandSchema = z.object({
  command: z.string().min(1),
  args: z.array(z.string()).default([]),
});

const agentConfigSchema = z
  .object({
    listen: z.object({
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65535),
    }),
    token: z.string().min(16).optional(),
    /** HTTPS for the agent's API: its certificate and key (PEM files); `clientCaFile` also requires callers to
     * present a client certificate signed by that CA (mutual TLS). Without it the API is plain HTTP, for loopback. */
    tls: z
      .object({ certFile: z.string().min(1), keyFile: z.string().min(1), clientCaFile: z.string().min(1).optional() })
      .strict()
      .optional(),
    workerId: z.string().default('worker'),
    restUrl: z.url(),
    pluginPath: z.string().min(1),
    logFile: z.string().optional(),
    /** The worker's properties file, for its internal topic names; by default the `.properties` argument of `worker`. */
    workerProperties: z.string().optional(),
    worker: workerProcessSchema.optional(),
    restartCommand: externalCommandSchema.optional(),
    startCommand: externalCommandSchema.optional(),
    stopCommand: externalCommandSchema.optional(),
    stopTimeoutMs: z.number().int().positive().default(30_000),
    restartBackoff: z
      .object({
        initialMs: z.number().int().positive().default(1_000),
        maxMs: z.number().int().positive().default(30_000),
      })
      .default({ initialMs: 1_000, maxMs: 30_000 }),
    probeIntervalMs: z.number().int().positive().default(2_000),
  })
  .refine((c) => Boolean(c.worker) !== Boolean(c.restartCommand), {
    message: 'exactly one of "worker" (supervise the process) or "restartCommand" (external) is required',
  });

export type AgentConfig = z.infer<typeof agentConfigSchema> & { token: string };
export type WorkerProcessSpec = z.infer<typeof workerProcessSchema>;
export type ExternalCommand = z.infer<typeof externalCommandSchema>;

export class AgentConfigError extends Error {
  override name = 'AgentConfigError';
}

/** AGENT_TOKEN in the environment wins over the file, so the secret can stay out of it. */
export function parseAgentConfig(raw: unknown, env: NodeJS.ProcessEnv = process.env): AgentConfig {
  const parsed = agentConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new AgentConfigError(`plugin agent: invalid config: ${issues.join('; ')}`);
  }
  const token = env.AGENT_TOKEN || parsed.data.token;
  if (!token || token.length < 16) {
    throw new AgentConfigError('plugin agent: a bearer token of at least 16 characters is required (AGENT_TOKEN or "token")');
  }
  return { ...parsed.data, token };
}

export function loadAgentConfig(env: NodeJS.ProcessEnv = process.env): AgentConfig {
  return parseAgentConfig(readAgentConfigFile(env), env);
}

/** The JSON of AGENT_CONFIG, before it is read as a worker's or a broker's agent config. */
export function readAgentConfigFile(env: NodeJS.ProcessEnv = process.env): unknown {
  const file = env.AGENT_CONFIG;
  if (!file) throw new AgentConfigError('plugin agent: AGENT_CONFIG must name a JSON config file');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new AgentConfigError(`plugin agent: cannot read config ${file}: ${(err as Error).message}`);
  }
  return raw;
}
