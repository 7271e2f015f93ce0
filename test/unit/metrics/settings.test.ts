import { describe, expect, it } from 'vitest';
import { DEFAULT_SAMPLER_SETTINGS, samplerSettingsFromEnv } from '../../../server/metrics/settings';

describe('sampler settings from the environment', () => {
  it('defaults to a 10 s interval, an hour of history and a 10-sample status window', () => {
    expect(samplerSettingsFromEnv({})).toEqual(DEFAULT_SAMPLER_SETTINGS);
    expect(DEFAULT_SAMPLER_SETTINGS).toMatchObject({ intervalMs: 10_000, historyMs: 3_600_000, statusWindowSamples: 10 });
  });

  it('reads the interval in seconds, the history in minutes and the window in samples', () => {
    const settings = samplerSettingsFromEnv({ METRICS_SAMPLE_INTERVAL_SECONDS: '1.5', METRICS_HISTORY_MINUTES: '30', METRICS_STATUS_WINDOW_SAMPLES: '3' });
    expect(settings).toMatchObject({ intervalMs: 1_500, historyMs: 1_800_000, statusWindowSamples: 3, minStatusSamples: 3 });
  });

  it('names the variable that is wrong', () => {
    expect(() => samplerSettingsFromEnv({ METRICS_SAMPLE_INTERVAL_SECONDS: 'often' })).toThrow(/METRICS_SAMPLE_INTERVAL_SECONDS is invalid: must be a positive number \(got "often"\)/);
    expect(() => samplerSettingsFromEnv({ METRICS_HISTORY_MINUTES: '0' })).toThrow(/METRICS_HISTORY_MINUTES/);
  });
});
