/**
 * A read-only HTTP server in Maven repository layout over a local repository (by default
 * ~/.m2/repository): the local stack's stand-in for Maven Central. GET and HEAD only, no
 * directory listings, no path outside the root, single byte ranges for resumable downloads.
 *
 * Run: tsx test/stack/maven-mirror.ts --port 8081 [--host 127.0.0.1] [--root ~/.m2/repository]
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { homedir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const CONTENT_TYPES: Record<string, string> = {
  '.jar': 'application/java-archive',
  '.pom': 'application/xml',
  '.xml': 'application/xml',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
  '.tgz': 'application/gzip',
  '.sha1': 'text/plain',
  '.sha256': 'text/plain',
  '.sha512': 'text/plain',
  '.md5': 'text/plain',
  '.asc': 'text/plain',
};

export type ByteRange = { start: number; end: number };

/**
 * Parses a single `bytes=` range against the file size. Returns null when the header should be
 * ignored (absent, malformed or multi-range: the whole file is served), 'unsatisfiable' for 416.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, from = '', to = ''] = match;
  if (from === '' && to === '') return null;
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/** Maps a request path into the root, or null when it is not a plain path inside it. */
export function resolveInRoot(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter(Boolean);
  if (segments.some((s) => s === '..' || s === '.')) return null;
  const file = resolve(root, ...segments);
  return file === root || file.startsWith(root + sep) ? file : null;
}

function sendError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  const body = `${JSON.stringify({ error: { code: String(status), message: `maven mirror: ${message}` } })}\n`;
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

async function serveFile(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return sendError(res, 405, `${req.method} is not allowed (read-only)`, { Allow: 'GET, HEAD' });
  }
  const pathname = new URL(req.url ?? '/', 'http://mirror').pathname;
  const candidate = resolveInRoot(root, pathname);
  if (!candidate) return sendError(res, 400, 'invalid path');
  let file: string;
  try {
    file = await realpath(candidate);
  } catch {
    return sendError(res, 404, `not found: ${pathname}`);
  }
  // a symlink may point anywhere: only what really lies under the root is served
  if (!file.startsWith(root + sep)) return sendError(res, 404, `not found: ${pathname}`);
  const info = await stat(file);
  if (!info.isFile()) return sendError(res, 404, `not found: ${pathname}`);

  const etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  const lastModified = info.mtime.toUTCString();
  const headers: Record<string, string | number> = {
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Accept-Ranges': 'bytes',
    ETag: etag,
    'Last-Modified': lastModified,
  };
  const ifRange = req.headers['if-range'];
  const rangeApplies = !ifRange || ifRange === etag || ifRange === lastModified;
  const range = rangeApplies ? parseRange(req.headers.range, info.size) : null;
  if (range === 'unsatisfiable') {
    return sendError(res, 416, 'range not satisfiable', { 'Content-Range': `bytes */${info.size}` });
  }
  const { start, end } = range ?? { start: 0, end: info.size - 1 };
  const length = info.size === 0 ? 0 : end - start + 1;
  if (range) headers['Content-Range'] = `bytes ${start}-${end}/${info.size}`;
  headers['Content-Length'] = length;
  res.writeHead(range ? 206 : 200, headers);
  if (req.method === 'HEAD' || length === 0) return void res.end();
  const stream = createReadStream(file, { start, end });
  stream.once('error', () => res.destroy());
  stream.pipe(res);
}

export async function createMavenMirror(rootDir: string): Promise<Server> {
  const root = await realpath(rootDir);
  return createServer((req, res) => {
    serveFile(root, req, res).catch(() => {
      if (!res.headersSent) sendError(res, 500, 'cannot read file');
      else res.destroy();
    });
  });
}

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(args: string[]): Promise<void> {
  const host = argValue(args, '--host') ?? '127.0.0.1';
  const port = Number(argValue(args, '--port') ?? 0);
  const root = argValue(args, '--root') ?? join(homedir(), '.m2', 'repository');
  const server = await createMavenMirror(root);
  server.listen(port, host, () => {
    const address = server.address();
    const actual = typeof address === 'object' && address ? address.port : port;
    console.log(`maven mirror serving ${root} listening on http://${host}:${actual}`);
  });
  const shutdown = () => server.close(() => process.exit(0));
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err: Error) => {
    console.error(`maven mirror: ${err.message}`);
    process.exit(1);
  });
}
