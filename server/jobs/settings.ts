/** How long a background job's lease lasts; read from the environment by the server. */
export interface JobSettings {
  /** A dead holder's jobs are taken over at most this long (plus one renewal) after its last renewal. */
  leaseMs: number;
  /** How often a holder renews, and how often the others try to take a free lease. */
  renewMs: number;
}

export const DEFAULT_JOB_SETTINGS: JobSettings = { leaseMs: 15_000, renewMs: 5_000 };

export class JobSettingsError extends Error {
  constructor(variable: string, value: string) {
    super(`Connectory configuration: environment variable ${variable} must be a number of seconds of at least 1 (got ${JSON.stringify(value)})`);
    this.name = 'JobSettingsError';
  }
}

/** JOBS_LEASE_SECONDS (default 15); renewals come three times per lease, so one missed renewal costs nothing. */
export function jobSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): JobSettings {
  const raw = env.JOBS_LEASE_SECONDS;
  if (raw === undefined || raw === '') return { ...DEFAULT_JOB_SETTINGS };
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 1) throw new JobSettingsError('JOBS_LEASE_SECONDS', raw);
  const leaseMs = Math.round(seconds * 1000);
  return { leaseMs, renewMs: Math.round(leaseMs / 3) };
}
