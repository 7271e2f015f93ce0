import { EnvReader } from '../util/env';
import { DEFAULT_BACKOFF, type BackoffSettings } from './backoff';

export interface AlertSettings {
  backoff: BackoffSettings;
  /** Bound on one request to a receiver. */
  sendTimeoutMs: number;
  /** At least this long between two requests to one channel (Slack accepts about one a second). */
  channelIntervalMs: number;
  /** How often the outbox is looked at for due notifications. */
  outboxPollMs: number;
  /** Base of links back into the console in notifications (CONSOLE_URL); none when unset. */
  consoleUrl: string | undefined;
}

export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  backoff: DEFAULT_BACKOFF,
  sendTimeoutMs: 10_000,
  channelIntervalMs: 1_000,
  outboxPollMs: 1_000,
  consoleUrl: undefined,
};

/** ALERTS_RETRY_BASE_SECONDS (2), ALERTS_SEND_TIMEOUT_SECONDS (10), ALERTS_CHANNEL_INTERVAL_SECONDS (1), CONSOLE_URL. */
export function alertSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): AlertSettings {
  const read = new EnvReader(env);
  const d = DEFAULT_ALERT_SETTINGS;
  const consoleUrl = read.text('CONSOLE_URL', '').replace(/\/+$/, '');
  return {
    ...d,
    backoff: { ...d.backoff, baseMs: Math.round(read.number('ALERTS_RETRY_BASE_SECONDS', d.backoff.baseMs / 1000, { positive: true }) * 1000) },
    sendTimeoutMs: Math.round(read.number('ALERTS_SEND_TIMEOUT_SECONDS', d.sendTimeoutMs / 1000, { positive: true }) * 1000),
    channelIntervalMs: Math.round(read.number('ALERTS_CHANNEL_INTERVAL_SECONDS', d.channelIntervalMs / 1000, { min: 0 }) * 1000),
    consoleUrl: consoleUrl || undefined,
  };
}
