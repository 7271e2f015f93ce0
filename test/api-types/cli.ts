// `npm run api:types` writes web/src/api/openapi.d.ts; `npm run api:types:check` (part of `npm test`) fails when the
// checked-in file differs from what the server's routes describe.
import { readFile, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { API_TYPES_FILE, renderApiTypes, serverOpenApiDocument } from './generate';

const check = process.argv.includes('--check');
const file = relative(process.cwd(), API_TYPES_FILE);
const generated = await renderApiTypes(await serverOpenApiDocument());

if (check) {
  const current = await readFile(API_TYPES_FILE, 'utf8').catch(() => undefined);
  if (current !== generated) {
    process.stderr.write(
      `${file} ${current === undefined ? 'is missing' : 'is stale'}: the server's API changed since it was generated.\n` +
        'Run `npm run api:types`, fix what the web typecheck then reports, and commit the file.\n',
    );
    process.exit(1);
  }
  process.stdout.write(`${file} matches the server's OpenAPI document\n`);
} else {
  await writeFile(API_TYPES_FILE, generated);
  process.stdout.write(`wrote ${file}\n`);
}
// Route modules may hold idle clients (Kafka admins, timers); nothing is left to wait for.
process.exit(0);
