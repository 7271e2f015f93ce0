import { mkdirSync, openSync, closeSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { STACK_DIR } from './paths';
import { sleep } from './wait';

const LOCK_FILE = join(STACK_DIR, 'launcher.lock');

function holder(): number | undefined {
  try {
    const pid = Number(readFileSync(LOCK_FILE, 'utf8').trim());
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/**
 * One launcher at a time (two test runs may call `up` together): the second waits for the
 * first, then finds everything running and reuses it.
 */
export async function withLauncherLock<T>(log: (line: string) => void, fn: () => Promise<T>, timeoutMs = 600_000): Promise<T> {
  mkdirSync(STACK_DIR, { recursive: true });
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    try {
      const fd = openSync(LOCK_FILE, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = holder();
      if (pid === undefined) {
        rmSync(LOCK_FILE, { force: true }); // stale: its launcher died
        continue;
      }
      if (Date.now() > deadline) throw new Error(`local stack: another launcher (pid ${pid}) holds ${LOCK_FILE}`);
      if (!announced) log(`waiting for another launcher (pid ${pid}) to finish`);
      announced = true;
      await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK_FILE, { force: true });
  }
}
