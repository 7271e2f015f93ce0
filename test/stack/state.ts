import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { STACK_DIR, STACK_FILE } from './paths';
import type { StackInfo, StackProcess } from './types';

/** The stack file as written, whether or not the stack is (still) up. */
export function readStackFile(): StackInfo | null {
  if (!existsSync(STACK_FILE)) return null;
  try {
    return JSON.parse(readFileSync(STACK_FILE, 'utf8')) as StackInfo;
  } catch {
    return null;
  }
}

/** Written atomically: readers never see half a file. */
export function writeStackFile(info: StackInfo): void {
  mkdirSync(STACK_DIR, { recursive: true });
  const tmp = `${STACK_FILE}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(info, null, 2)}\n`);
  renameSync(tmp, STACK_FILE);
}

/** The running stack, or null when it is not (fully) up. */
export function readStack(): StackInfo | null {
  const info = readStackFile();
  return info?.ready ? info : null;
}

export function recordProcess(info: StackInfo, proc: StackProcess): void {
  info.processes = [...info.processes.filter((p) => p.name !== proc.name), proc];
  writeStackFile(info);
}

export function findProcess(info: StackInfo | null, name: string): StackProcess | undefined {
  return info?.processes.find((p) => p.name === name);
}
