import { readFileSync } from 'node:fs';

/** The product version is the package's; read once so /api/health and the OpenAPI document agree. */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
