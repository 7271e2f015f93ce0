import { existsSync, readFileSync } from 'node:fs';

/** A failure of the local stack, naming the service and carrying the tail of its log. */
export class StackError extends Error {
  override name = 'StackError';
  constructor(
    readonly service: string,
    message: string,
    readonly logFile?: string,
  ) {
    super(`local stack: ${service}: ${message}${logFile ? `\n--- last lines of ${logFile} ---\n${tailFile(logFile)}` : ''}`);
  }
}

export function tailFile(file: string, lines = 30): string {
  if (!existsSync(file)) return '(no log file)';
  const text = readFileSync(file, 'utf8');
  return text
    .split('\n')
    .slice(-lines - 1)
    .map((line) => (line.length > 400 ? `${line.slice(0, 400)}…` : line))
    .join('\n');
}
