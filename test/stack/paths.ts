import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const STACK_DIR = join(REPO_ROOT, '.stack');
export const STACK_FILE = join(STACK_DIR, 'stack.json');
export const LOG_DIR = join(STACK_DIR, 'logs');
/** Unix sockets have a ~107 byte path limit: keep their folder short and inside .stack/. */
export const RUN_DIR = join(STACK_DIR, 'run');

export const logFile = (name: string): string => join(LOG_DIR, `${name}.log`);
export const serviceDir = (...parts: string[]): string => join(STACK_DIR, ...parts);
