import { logLevel, type logCreator } from 'kafkajs';
import type { Logger } from '../logger';

/**
 * Routes kafkajs logging into pino, warnings and errors only: kafkajs is chatty, and its "errors" are mostly
 * connection attempts it retries itself. The failure that matters reaches the caller as a thrown error naming
 * the cluster, so kafkajs errors are logged at warn to keep a down cluster from flooding the error log.
 */
export function kafkaLogCreator(logger: Logger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      // The stack of a socket error says nothing the message does not; it would only bloat every line.
      const { message, timestamp: _timestamp, logger: _logger, stack: _stack, ...extra } = log;
      if (level === logLevel.ERROR || level === logLevel.WARN) logger.warn({ namespace, ...extra }, message);
    };
}

export const KAFKAJS_LOG_LEVEL = logLevel.WARN;
