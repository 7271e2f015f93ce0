import { EnvReader } from '../util/env';

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

/**
 * METRICS_SAMPLE_INTERVAL_SECONDS (default 10), METRICS_HISTORY_MINUTES (default 60),
 * METRICS_STATUS_WINDOW_SAMPLES (default 10).
 */
export function samplerSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): SamplerSettings {
  const read = new EnvReader(env);
  const d = DEFAULT_SAMPLER_SETTINGS;
  const intervalMs = Math.round(read.number('METRICS_SAMPLE_INTERVAL_SECONDS', d.intervalMs / 1000, { positive: true }) * 1000);
  const historyMs = Math.round(read.number('METRICS_HISTORY_MINUTES', d.historyMs / 60_000, { positive: true }) * 60_000);
  const statusWindowSamples = Math.max(2, Math.round(read.number('METRICS_STATUS_WINDOW_SAMPLES', d.statusWindowSamples, { positive: true })));
  return {
    ...d,
    intervalMs,
    historyMs,
    statusWindowSamples,
    minStatusSamples: Math.min(d.minStatusSamples, statusWindowSamples),
  };
}
