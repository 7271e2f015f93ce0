/**
 * The schema registry alone, outside the stack file: for a stack started before the registry was part of it
 * (it must not be restarted under other users' tests). Its state lives in its own folder; `up` reuses a live one.
 *   npx tsx test/stack/registry/standalone.ts up|down
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../paths';
import { freePort } from '../ports';
import { isAlive, stopProcess } from '../processes';
import type { SchemaRegistryInfo, StackProcess } from '../types';
import { waitUntil } from '../wait';
import { registryVersion, resolveRegistryApp } from './app';
import { registryAnswers, registryUrl, startRegistry } from './service';

export const STANDALONE_DIR = join(REPO_ROOT, '.stack-registry');
const STATE_FILE = join(STANDALONE_DIR, 'registry.json');

interface StandaloneState extends SchemaRegistryInfo {
  process: StackProcess;
}

function readState(): StandaloneState | undefined {
  if (!existsSync(STATE_FILE)) return undefined;
  try {
    return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as StandaloneState;
  } catch {
    return undefined;
  }
}

export async function standaloneRegistryUp(log: (line: string) => void = console.log): Promise<SchemaRegistryInfo> {
  const existing = readState();
  if (existing && isAlive(existing.process) && (await registryAnswers(existing.url).catch(() => false))) return existing;
  mkdirSync(STANDALONE_DIR, { recursive: true });
  const jar = await resolveRegistryApp(log);
  const port = await freePort();
  let managementPort = await freePort();
  while (managementPort === port) managementPort = await freePort();
  const proc = startRegistry(jar, { port, managementPort }, join(STANDALONE_DIR, 'registry.log'), 'schema-registry-standalone');
  const state: StandaloneState = { url: registryUrl(port), port, managementPort, version: registryVersion(), process: proc };
  writeFileSync(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`);
  await waitUntil(() => registryAnswers(state.url), {
    timeoutMs: 120_000,
    abortIf: () => (isAlive(proc) ? undefined : `schema registry exited (see ${join(STANDALONE_DIR, 'registry.log')})`),
  });
  log(`schema-registry (standalone): ${state.url}`);
  return state;
}

export async function standaloneRegistryDown(): Promise<void> {
  const state = readState();
  if (state) await stopProcess(state.process, { stopSignal: 'SIGTERM', timeoutMs: 20_000 });
}

if (process.argv[1]?.endsWith('standalone.ts')) {
  const command = process.argv[2];
  const run = command === 'up' ? standaloneRegistryUp().then((s) => console.log(s.url)) : command === 'down' ? standaloneRegistryDown() : Promise.reject(new Error('usage: standalone.ts up|down'));
  run.then(
    () => process.exit(0),
    (err: Error) => {
      console.error(err.message);
      process.exit(1);
    },
  );
}
