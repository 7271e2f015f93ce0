import { EnvReader } from '../util/env';

/** Bounds on each kind of step, and on uploads. */
export interface DeliverySettings {
  /** Largest archive `POST /api/v1/artifacts` takes (MAX_UPLOAD_MB, default 512). */
  maxUploadBytes: number;
  /** Streaming an archive to an agent, checked and unpacked (DELIVERY_PUSH_TIMEOUT_S, default 600). */
  pushTimeoutMs: number;
  /** The agent stopping and starting its worker (DELIVERY_RESTART_TIMEOUT_S, default 120). */
  restartTimeoutMs: number;
  /** The restarted worker rejoining its group and listing the classes (DELIVERY_VERIFY_TIMEOUT_S, default 240). */
  verifyTimeoutMs: number;
  /** How often a restarting worker is asked (default 0.5 s). */
  pollIntervalMs: number;
}

export const DEFAULT_DELIVERY_SETTINGS: DeliverySettings = {
  maxUploadBytes: 512 * 1024 * 1024,
  pushTimeoutMs: 600_000,
  restartTimeoutMs: 120_000,
  verifyTimeoutMs: 240_000,
  pollIntervalMs: 500,
};

/** Up to a million of each unit: a typo with extra digits is refused rather than taken. */
const POSITIVE = { positive: true, max: 1_000_000 };

export function deliverySettingsFromEnv(env: NodeJS.ProcessEnv = process.env): DeliverySettings {
  const read = new EnvReader(env);
  const d = DEFAULT_DELIVERY_SETTINGS;
  return {
    maxUploadBytes: Math.floor(read.number('MAX_UPLOAD_MB', d.maxUploadBytes / 1024 / 1024, POSITIVE) * 1024 * 1024),
    pushTimeoutMs: read.number('DELIVERY_PUSH_TIMEOUT_S', d.pushTimeoutMs / 1000, POSITIVE) * 1000,
    restartTimeoutMs: read.number('DELIVERY_RESTART_TIMEOUT_S', d.restartTimeoutMs / 1000, POSITIVE) * 1000,
    verifyTimeoutMs: read.number('DELIVERY_VERIFY_TIMEOUT_S', d.verifyTimeoutMs / 1000, POSITIVE) * 1000,
    pollIntervalMs: d.pollIntervalMs,
  };
}
