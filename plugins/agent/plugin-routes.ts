import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isArchiveError } from '../archive';
import { archiveSignatureMatches } from './auth';
import { PluginStore, PluginStoreError, type PluginStoreOptions } from './plugin-store';

const STORE_ERROR_STATUS: Record<PluginStoreError['code'], ContentfulStatusCode> = {
  invalid_name: 400,
  invalid_checksum: 400,
  checksum_mismatch: 400,
  empty_body: 400,
  too_large: 413,
  not_found: 404,
};

function errorBody(c: Context, status: ContentfulStatusCode, code: string, message: string) {
  return c.json({ error: { code, message } }, status);
}

/** Refusals the caller can act on get their own code; anything else falls through to the app's 500. */
function refusal(c: Context, error: unknown): Response {
  if (error instanceof PluginStoreError) return errorBody(c, STORE_ERROR_STATUS[error.code], error.code, error.message);
  if (isArchiveError(error)) return errorBody(c, 400, error.code, `plugin agent: ${error.message}`);
  throw error;
}

/**
 * Plugin delivery on the worker's node (mounted behind the agent's bearer-token check):
 * - `PUT /plugins/{name}`: body = the archive (zip, tar.gz or jar), headers `X-Sha256` and `X-Archive-Signature`
 *   (auth.ts archiveSignature: the digest signed with the token), optional `?filename=` (names a single jar);
 *   unpacked into `<pluginPath>/<name>`, replacing an older one. An unsigned or wrongly signed digest is refused
 *   before a byte of the body is read.
 * - `DELETE /plugins/{name}`
 * - `GET /plugins`: what is in plugin.path, with sizes and the classes found.
 * The worker picks changes up on its next restart (`POST /worker/restart`).
 */
export function mountPluginRoutes(app: Hono, options: PluginStoreOptions & { token: string }): PluginStore {
  const store = new PluginStore(options);

  app.get('/plugins', async (c) => c.json({ pluginPath: store.pluginPath, plugins: await store.list() }));

  app.put('/plugins/:name', async (c) => {
    const name = c.req.param('name');
    const sha256 = c.req.header('x-sha256');
    if (!sha256) return errorBody(c, 400, 'invalid_checksum', 'plugin agent: the X-Sha256 header (the archive\'s sha256) is required');
    const filename = c.req.query('filename');
    if (!archiveSignatureMatches(c.req.header('x-archive-signature'), options.token, name, sha256, filename ?? '')) {
      return errorBody(c, 401, 'invalid_signature', `plugin agent: the archive's X-Sha256 for "${name}" is not signed with this agent's token (X-Archive-Signature missing or wrong); nothing was installed`);
    }
    const raw = c.req.raw.body;
    if (!raw) return errorBody(c, 400, 'empty_body', `plugin agent: no archive in the request body for "${name}"`);
    try {
      const body = Readable.fromWeb(raw as unknown as WebReadableStream);
      const plugin = await store.install(name, body, { sha256, ...(filename ? { filename } : {}) });
      return c.json(plugin, plugin.replaced ? 200 : 201);
    } catch (error) {
      return refusal(c, error);
    }
  });

  app.delete('/plugins/:name', async (c) => {
    const name = c.req.param('name');
    try {
      await store.remove(name);
      return c.json({ name, removed: true });
    } catch (error) {
      return refusal(c, error);
    }
  });

  return store;
}
