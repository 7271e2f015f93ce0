import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('..', import.meta.url));

// Three projects, run separately by test/run.mjs: unit needs nothing (tests that need a database get embedded
// PGlite, see test/support/db.ts), integration and e2e share one local stack (started once per run), so their
// files run one at a time on this 2-core machine rather than fighting over it.
export default defineConfig({
  root,
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // Tests on a database (PGlite) hash passwords and make dozens of requests: seconds on a busy machine.
          testTimeout: 30_000,
          hookTimeout: 30_000,
          env: { CONNECTORY_TEST_DB: process.env.CONNECTORY_TEST_DB || 'pglite' },
          globalSetup: ['test/support/unit-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
