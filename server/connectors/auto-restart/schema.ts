import { z } from '@hono/zod-openapi';

export const PolicyBodySchema = z
  .object({
    enabled: z.boolean().openapi({ description: 'Restart what failed without anyone asking', example: true }),
    maxRestarts: z.number().int().min(1).max(100).default(7).openapi({ description: 'Restarts before giving up (default 7)', example: 5 }),
    backoffUnitSeconds: z
      .number()
      .int()
      .min(1)
      .max(3600)
      .default(60)
      .openapi({ description: 'The wait after the n-th restart is min(n² + n, 60) of these (default 60: 2, 6, 12, … 60 minutes)', example: 60 }),
    backoffScheduleSeconds: z
      .array(z.number().int().min(1).max(86_400))
      .min(1)
      .max(100)
      .optional()
      .openapi({ description: 'Instead of the formula: the waits in seconds after the 1st, 2nd, … restart; the last one repeats', example: [60, 300, 900] }),
  })
  .openapi('AutoRestartPolicy');

const PolicySchema = z
  .object({
    enabled: z.boolean(),
    maxRestarts: z.number().int(),
    backoffUnitSeconds: z.number().int(),
    backoffScheduleSeconds: z.array(z.number().int()).optional(),
  })
  .openapi('AutoRestartPolicyView');

const StateSchema = z
  .object({
    restarts: z.number().int().openapi({ description: 'Restarts since the count was last reset' }),
    lastRestartAt: z.string().nullable(),
    nextTryAt: z.string().nullable().openapi({ description: 'The earliest next restart if it fails again' }),
    gaveUp: z.boolean(),
    gaveUpAt: z.string().nullable(),
    runningSince: z.string().nullable().openapi({ description: 'RUNNING since; the count resets once this is longer than the next wait' }),
  })
  .openapi('AutoRestartState');

export const ConnectorAutoRestartSchema = z
  .object({
    connectId: z.string(),
    connector: z.string(),
    source: z.enum(['connector', 'cluster', 'default']).openapi({ description: "Where the policy in effect comes from: the connector's own, the cluster's default, or the built-in one (off)" }),
    policy: PolicySchema,
    /** The waits after each restart, in seconds. */
    scheduleSeconds: z.array(z.number().int()).openapi({ description: 'The wait after each restart up to the maximum, in seconds' }),
    state: StateSchema,
  })
  .openapi('ConnectorAutoRestart');

export const ClusterAutoRestartSchema = z
  .object({
    connectId: z.string(),
    source: z.enum(['cluster', 'default']),
    policy: PolicySchema,
    scheduleSeconds: z.array(z.number().int()),
  })
  .openapi('ClusterAutoRestart');
