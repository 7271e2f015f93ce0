import { pino, type Logger, type LevelWithSilent } from 'pino';
import { maskSecrets } from './secrets/masking';

export type { Logger };

/**
 * Paths pino blanks out wherever they appear in a log object. Request logging never passes headers or bodies,
 * but anything that later logs a request, an error carrying one, or a config object must not leak credentials.
 * Secret-looking keys at any depth are masked as well (see `formatters.log`); these paths are the second net,
 * and the only one for headers, whose names (`cookie`, `authorization`) do not look secret.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-csrf-token"]',
  'headers["set-cookie"]',
  'authorization',
  'cookie',
  '*.authorization',
  '*.cookie',
  '*.password',
  '*.token',
  '*.secret',
  '*.csrfToken',
  '*.passwordHash',
  '*.tokenHash',
  'password',
  'token',
  'secret',
  'csrfToken',
  'passwordHash',
  'tokenHash',
];

export function createLogger(level: LevelWithSilent = 'info', destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'connectory' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    formatters: { log: (object) => maskSecrets(object) },
  };
  return destination ? pino(options, destination) : pino(options);
}
