// `npm run bench`: runs each scenario against the local stack (already up: test/run.mjs starts it) and prints
// one result block per scenario; the full results also go to .stack/bench/results.json.
// `npm run bench -- connectors topics` runs only the named scenarios.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { requireStack } from '../stack/index';
import type { StackInfo } from '../stack/types';
import { scenarios } from './scenarios';

export interface ScenarioResult {
  /** Headline numbers, printed as a table. */
  metrics: Record<string, number | string>;
  /** The target and whether this run met it. */
  target?: { description: string; met: boolean };
}

export interface Scenario {
  name: string;
  description: string;
  run(stack: StackInfo, log: (line: string) => void): Promise<ScenarioResult>;
}

const RESULTS_FILE = join(dirname(new URL(import.meta.url).pathname), '..', '..', '.stack', 'bench', 'results.json');

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !scenarios.some((s) => s.name === name));
  if (unknown.length) throw new Error(`unknown scenario(s): ${unknown.join(', ')}; known: ${scenarios.map((s) => s.name).join(', ')}`);
  const chosen = wanted.length ? scenarios.filter((s) => wanted.includes(s.name)) : scenarios;
  const stack = requireStack();
  const results: Record<string, ScenarioResult | { error: string }> = {};
  let failed = false;
  for (const scenario of chosen) {
    console.log(`\n== ${scenario.name}: ${scenario.description}`);
    const started = Date.now();
    try {
      const result = await scenario.run(stack, (line) => console.log(`   ${line}`));
      results[scenario.name] = result;
      for (const [key, value] of Object.entries(result.metrics)) console.log(`   ${key.padEnd(44)} ${value}`);
      if (result.target) console.log(`   target: ${result.target.description} → ${result.target.met ? 'MET' : 'NOT MET'}`);
    } catch (error) {
      failed = true;
      results[scenario.name] = { error: (error as Error).message };
      console.log(`   FAILED: ${(error as Error).message}`);
    }
    console.log(`   (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, JSON.stringify({ at: new Date().toISOString(), results }, null, 2));
  console.log(`\nresults: ${RESULTS_FILE}`);
  process.exit(failed ? 1 : 0);
}

await main();
