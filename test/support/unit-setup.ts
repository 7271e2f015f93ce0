// The unit project's global setup: builds the PGlite template once, before test files open copies of it in
// parallel (each would otherwise find it missing and build its own).
import { pgliteTemplate } from './pglite-template';

export default async function setup(): Promise<void> {
  if ((process.env.CONNECTORY_TEST_DB || 'pglite') === 'pglite') await pgliteTemplate();
}
