import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './env';

export const OPENAPI_PATH = '/api/openapi.json';
export const DOCS_PATH = '/api/docs';

/** The swagger-ui-dist files the docs page needs, served from node_modules: this product runs on closed networks. */
const SWAGGER_ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'index.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const INDEX_HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Connectory API</title>
  <link rel="stylesheet" href="${DOCS_PATH}/swagger-ui.css">
  <link rel="stylesheet" href="${DOCS_PATH}/index.css">
  <link rel="icon" type="image/png" href="${DOCS_PATH}/favicon-32x32.png" sizes="32x32">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${DOCS_PATH}/swagger-ui-bundle.js"></script>
  <script src="${DOCS_PATH}/swagger-ui-standalone-preset.js"></script>
  <script src="${DOCS_PATH}/init.js"></script>
</body>
</html>
`;

// A separate file rather than an inline script, so a strict Content-Security-Policy can be added later.
const INIT_JS = `window.ui = SwaggerUIBundle({
  url: ${JSON.stringify(OPENAPI_PATH)},
  dom_id: '#swagger-ui',
  deepLinking: true,
  // Tags start collapsed: with every tag open, Swagger UI 5 stopped drawing part-way once the document passed
  // about 125 operations (seen in Chromium, no error), and 23 closed tags are easier to scan anyway.
  docExpansion: 'none',
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
  withCredentials: true,
});
`;

/** `GET /api/openapi.json` (OpenAPI 3.1, generated from the route schemas) and the interactive docs at `/api/docs/`. */
export function mountApiDocs(app: OpenAPIHono<AppEnv>, version: string): void {
  app.doc31(OPENAPI_PATH, {
    openapi: '3.1.0',
    info: {
      title: 'Connectory',
      version,
      description: 'Kafka Connect management: catalog, plugin delivery to every worker, connectors, and the cluster console.',
    },
  });
  app.get(DOCS_PATH, (c) => c.redirect(`${DOCS_PATH}/`, 301));
  app.get(`${DOCS_PATH}/`, (c) => c.html(INDEX_HTML));
  app.get(`${DOCS_PATH}/init.js`, (c) => c.body(INIT_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));
  app.get(`${DOCS_PATH}/:file`, async (c, next) => {
    const file = c.req.param('file');
    const type = SWAGGER_ASSETS[file];
    if (!type) return next();
    return c.body(await swaggerAsset(file), 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=86400' });
  });
}

const assetCache = new Map<string, Promise<Uint8Array<ArrayBuffer>>>();

function swaggerAsset(file: string): Promise<Uint8Array<ArrayBuffer>> {
  let cached = assetCache.get(file);
  if (!cached) {
    cached = readFile(join(swaggerDir, file)).then((buffer) => new Uint8Array(buffer));
    cached.catch(() => assetCache.delete(file));
    assetCache.set(file, cached);
  }
  return cached;
}
