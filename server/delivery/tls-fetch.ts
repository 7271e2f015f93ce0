/**
 * `fetch` for an agent behind HTTPS with its own CA and, for mutual TLS, a client certificate: Node's built-in
 * fetch takes neither, so this is the subset the agent client uses (method, headers, a streamed body, an abort
 * signal) over node:https, answering a standard Response whose body streams.
 */
import { request } from 'node:https';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

export interface AgentTls {
  /** PEM of the CA that signed the agent's certificate; the system's CAs when absent */
  ca?: string;
  /** client certificate and key (PEM) for an agent that requires mutual TLS */
  cert?: string;
  key?: string;
  rejectUnauthorized?: boolean;
}

export function tlsFetch(tls: AgentTls): typeof fetch {
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    if (url.protocol !== 'https:') return fetch(input, init);
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    return new Promise<Response>((resolve, reject) => {
      const req = request(
        url,
        { method: init.method ?? 'GET', headers, ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: tls.rejectUnauthorized ?? true, agent: false },
        (res) => {
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) responseHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
          }
          const status = res.statusCode ?? 502;
          const body = status === 204 || status === 304 ? null : (Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>);
          resolve(new Response(body, { status, headers: responseHeaders }));
        },
      );
      const signal = init.signal;
      const abort = () => req.destroy(signal?.reason instanceof Error ? signal.reason : new DOMException('aborted', 'AbortError'));
      if (signal?.aborted) abort();
      signal?.addEventListener('abort', abort, { once: true });
      // the same shape as fetch's failures: a TypeError whose cause is the socket's error
      req.on('error', (error) => reject(error.name === 'TimeoutError' || error.name === 'AbortError' ? error : new TypeError('fetch failed', { cause: error })));
      const body = init.body;
      if (body == null) req.end();
      else if (typeof body === 'string' || body instanceof Uint8Array) req.end(body);
      else Readable.fromWeb(body as unknown as WebReadableStream).on('error', (error) => req.destroy(error)).pipe(req);
    });
  }) as typeof fetch;
}
