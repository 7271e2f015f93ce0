import { z } from 'zod';

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

const positive = (fallback: number) =>
  z.preprocess((value) => (value === undefined || value === '' ? fallback : value), z.coerce.number().positive().max(1_000_000));

const envSchema = z.object({
  MAX_UPLOAD_MB: positive(DEFAULT_DELIVERY_SETTINGS.maxUploadBytes / 1024 / 1024),
  DELIVERY_PUSH_TIMEOUT_S: positive(DEFAULT_DELIVERY_SETTINGS.pushTimeoutMs / 1000),
  DELIVERY_RESTART_TIMEOUT_S: positive(DEFAULT_DELIVERY_SETTINGS.restartTimeoutMs / 1000),
  DELIVERY_VERIFY_TIMEOUT_S: positive(DEFAULT_DELIVERY_SETTINGS.verifyTimeoutMs / 1000),
});

export class DeliverySettingsError extends Error {
  override name = 'DeliverySettingsError';
}

export function deliverySettingsFromEnv(env: NodeJS.ProcessEnv = process.env): DeliverySettings {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DeliverySettingsError(`Connectory configuration: environment variable ${String(issue.path[0])} is invalid: ${issue.message}`);
  }
  const e = parsed.data;
  return {
    maxUploadBytes: Math.floor(e.MAX_UPLOAD_MB * 1024 * 1024),
    pushTimeoutMs: e.DELIVERY_PUSH_TIMEOUT_S * 1000,
    restartTimeoutMs: e.DELIVERY_RESTART_TIMEOUT_S * 1000,
    verifyTimeoutMs: e.DELIVERY_VERIFY_TIMEOUT_S * 1000,
    pollIntervalMs: DEFAULT_DELIVERY_SETTINGS.pollIntervalMs,
  };
}
