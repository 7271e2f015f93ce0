import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { MiddlewareHandler } from 'hono';

/** Vite puts content-hashed files under assets/: they never change, so browsers may keep them for a year. */
const HASHED_ASSETS_PREFIX = '/assets/';
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/**
 * Serves the built UI (vite's outDir) when it exists, with index.html for every other non-API GET so the
 * SPA's client-side routes survive a reload. Checked per request, so building the UI needs no server restart.
 */
export function staticUi(publicDir: string): MiddlewareHandler {
  const indexFile = join(publicDir, 'index.html');
  let serveFile: MiddlewareHandler | undefined;
  return async (c, next) => {
    const method = c.req.method;
    if ((method !== 'GET' && method !== 'HEAD') || isApiPath(c.req.path) || !existsSync(indexFile)) return next();
    serveFile ??= serveStatic({ root: publicDir });
    const found = await serveFile(c, async () => {});
    if (found instanceof Response) {
      found.headers.set('Cache-Control', c.req.path.startsWith(HASHED_ASSETS_PREFIX) ? IMMUTABLE : REVALIDATE);
      return found;
    }
    // A missing hashed asset is a stale page asking for an old build: a 404 is the honest answer, not HTML.
    if (c.req.path.startsWith(HASHED_ASSETS_PREFIX)) return next();
    return c.html(await readFile(indexFile, 'utf8'), 200, { 'Cache-Control': REVALIDATE });
  };
}
