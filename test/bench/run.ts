// `npm run bench`: runs each scenario against the local stack (already up: test/run.mjs starts it) and prints
// one result block per scenario. Every target's verdict (scenario, target, measured, met) goes to
// .stack/bench/results.json, and the run exits non-zero when any target is missed or a scenario failed, so a
// miss cannot pass unnoticed. `npm run bench -- connectors topics` runs only the named scenarios.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { requireStack } from '../stack/index';
import type { StackInfo } from '../stack/types';
import { scenarios } from './scenarios';

export interface Target {
  /** What is promised, e.g. "cold: Connectory p95 ≤ 1.2× raw p95". */
  target: string;
  measured: number;
  limit: number;
  unit: string;
  /** Why a target is what it is on this path (e.g. why a cold target differs from the warm one). */
  note?: string;
}

export interface ScenarioResult {
  /** Headline numbers, printed as a table. */
  metrics: Record<string, number | string>;
  /** Each target this scenario checks; met means measured ≤ limit. */
  targets: Target[];
}

export interface Scenario {
  name: string;
  description: string;
  run(stack: StackInfo, log: (line: string) => void): Promise<ScenarioResult>;
}

export interface Verdict extends Target {
  scenario: string;
  met: boolean;
}

// BENCH_RESULTS_FILE: somewhere else (a smoke run of one scenario on a shared stack must not replace the full run's verdicts).
const RESULTS_FILE = process.env.BENCH_RESULTS_FILE ?? join(dirname(new URL(import.meta.url).pathname), '..', '..', '.stack', 'bench', 'results.json');

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !scenarios.some((s) => s.name === name));
  if (unknown.length) throw new Error(`unknown scenario(s): ${unknown.join(', ')}; known: ${scenarios.map((s) => s.name).join(', ')}`);
  const chosen = wanted.length ? scenarios.filter((s) => wanted.includes(s.name)) : scenarios;
  const stack = requireStack();
  const verdicts: Verdict[] = [];
  const metrics: Record<string, Record<string, number | string>> = {};
  const errors: Record<string, string> = {};
  for (const scenario of chosen) {
    console.log(`\n== ${scenario.name}: ${scenario.description}`);
    const started = Date.now();
    try {
      const result = await scenario.run(stack, (line) => console.log(`   ${line}`));
      if (result.targets.length === 0) throw new Error('the scenario checked no target');
      metrics[scenario.name] = result.metrics;
      for (const [key, value] of Object.entries(result.metrics)) console.log(`   ${key.padEnd(44)} ${value}`);
      for (const target of result.targets) {
        const verdict = { scenario: scenario.name, ...target, met: target.measured <= target.limit };
        verdicts.push(verdict);
        console.log(`   target: ${target.target}: ${target.measured} ${target.unit} (limit ${target.limit}) → ${verdict.met ? 'MET' : 'NOT MET'}`);
        if (target.note) console.log(`           ${target.note}`);
      }
    } catch (error) {
      const message = (error as Error).message;
      errors[scenario.name] = message;
      // a scenario that could not measure has missed its targets: say so in the same list the targets are in
      verdicts.push({ scenario: scenario.name, target: 'the scenario runs to the end', measured: Number.NaN, limit: 0, unit: '', note: message, met: false });
      console.log(`   FAILED: ${message}`);
    }
    console.log(`   (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  const missed = verdicts.filter((v) => !v.met);
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, JSON.stringify({ at: new Date().toISOString(), ok: missed.length === 0, verdicts, metrics, errors }, null, 2));
  console.log(`\nresults: ${RESULTS_FILE}`);
  if (missed.length) {
    console.log(`${missed.length} of ${verdicts.length} targets NOT MET:`);
    for (const v of missed) console.log(`  ${v.scenario}: ${v.target}: ${v.measured} ${v.unit} (limit ${v.limit})${v.note ? ` (${v.note})` : ''}`);
  } else {
    console.log(`all ${verdicts.length} targets met`);
  }
  process.exit(missed.length ? 1 : 0);
}

await main();
