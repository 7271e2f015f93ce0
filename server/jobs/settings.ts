import { EnvReader } from '../util/env';

/** How long a background job's lease lasts; read from the environment by the server. */
export interface JobSettings {
  /** A dead holder's jobs are taken over at most this long (plus one renewal) after its last renewal. */
  leaseMs: number;
  /** How often a holder renews, and how often the others try to take a free lease. */
  renewMs: number;
}

export const DEFAULT_JOB_SETTINGS: JobSettings = { leaseMs: 15_000, renewMs: 5_000 };

/** JOBS_LEASE_SECONDS (default 15); renewals come three times per lease, so one missed renewal costs nothing. */
export function jobSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): JobSettings {
  const seconds = new EnvReader(env).number('JOBS_LEASE_SECONDS', DEFAULT_JOB_SETTINGS.leaseMs / 1000, {
    min: 1,
    expected: 'must be a number of seconds of at least 1',
  });
  const leaseMs = Math.round(seconds * 1000);
  return { leaseMs, renewMs: Math.round(leaseMs / 3) };
}
