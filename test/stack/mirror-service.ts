import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { logFile, REPO_ROOT } from './paths';
import { HOST } from './ports';
import { serviceEnv, spawnDetached } from './processes';
import { ensureService, type StackContext } from './service';

const NAME = 'maven-mirror';
const MIRROR_MAIN = join(REPO_ROOT, 'test', 'stack', 'maven-mirror.ts');

/** The mirror's own 404 (JSON naming it) proves it is the mirror answering, not something else. */
async function mirrorAnswers(url: string): Promise<boolean> {
  const res = await fetch(`${url}/`, { signal: AbortSignal.timeout(2_000) });
  const body = await res.text();
  return res.status === 404 && body.includes('maven mirror');
}

export async function upMavenMirror(ctx: StackContext): Promise<void> {
  const { url, root } = ctx.info.mavenMirror;
  const port = Number(new URL(url).port);
  await ensureService(ctx, {
    service: NAME,
    processName: NAME,
    ports: [port],
    logFile: logFile(NAME),
    prepare: async () => void mkdirSync(root!, { recursive: true }),
    start: () =>
      spawnDetached({
        name: NAME,
        command: process.execPath,
        args: ['--import', 'tsx', MIRROR_MAIN, '--host', HOST, '--port', String(port), '--root', root!],
        logFile: logFile(NAME),
        cwd: REPO_ROOT,
        env: serviceEnv(),
      }),
    ready: () => mirrorAnswers(url),
    readyTimeoutMs: 20_000,
  });
}
