/** How often and over what windows the offset sampler works; read from the environment by the server. */
export interface SamplerSettings {
  /** Time between two samples of a cluster. */
  intervalMs: number;
  /** How far back the per-group series reach. */
  historyMs: number;
  /** Samples a partition's lag status is judged over (see status.ts). */
  statusWindowSamples: number;
  /** Fewer samples than this: only OK and REWIND are told apart. */
  minStatusSamples: number;
  /** Sample intervals CMPS and produce rates are measured over. */
  rateWindowSamples: number;
  /** Bound on one whole sample of one cluster. */
  sampleTimeoutMs: number;
}

export const DEFAULT_SAMPLER_SETTINGS: SamplerSettings = {
  intervalMs: 10_000,
  historyMs: 3_600_000,
  statusWindowSamples: 10,
  minStatusSamples: 5,
  rateWindowSamples: 6,
  sampleTimeoutMs: 30_000,
};

export class SamplerSettingsError extends Error {
  constructor(variable: string, value: string) {
    super(`Connectory configuration: environment variable ${variable} must be a positive number (got ${JSON.stringify(value)})`);
    this.name = 'SamplerSettingsError';
  }
}

/**
 * METRICS_SAMPLE_INTERVAL_SECONDS (default 10), METRICS_HISTORY_MINUTES (default 60),
 * METRICS_STATUS_WINDOW_SAMPLES (default 10).
 */
export function samplerSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): SamplerSettings {
  const settings = { ...DEFAULT_SAMPLER_SETTINGS };
  const read = (variable: string): number | undefined => {
    const raw = env[variable];
    if (raw === undefined || raw === '') return undefined;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new SamplerSettingsError(variable, raw);
    return value;
  };
  const interval = read('METRICS_SAMPLE_INTERVAL_SECONDS');
  const history = read('METRICS_HISTORY_MINUTES');
  const window = read('METRICS_STATUS_WINDOW_SAMPLES');
  if (interval !== undefined) settings.intervalMs = Math.round(interval * 1000);
  if (history !== undefined) settings.historyMs = Math.round(history * 60_000);
  if (window !== undefined) settings.statusWindowSamples = Math.max(2, Math.round(window));
  settings.minStatusSamples = Math.min(settings.minStatusSamples, settings.statusWindowSamples);
  return settings;
}
