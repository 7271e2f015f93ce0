/** Sends one prepared request to a receiver, bounded in time; never throws, the result says what happened. */
import { parseRetryAfter } from './backoff';
import type { OutgoingRequest } from './payloads';

export const RESPONSE_BODY_LIMIT = 2_000;

export interface SendResult {
  /** Null when no answer came (refused, unreachable, timed out). */
  status: number | null;
  body: string;
  ok: boolean;
  error?: string;
  retryAfterMs?: number;
  durationMs: number;
  /** The Jira issue key from the answer, when the request reads one. */
  reference?: string;
}

export async function send(request: OutgoingRequest, timeoutMs: number, receiver: string): Promise<SendResult> {
  const started = Date.now();
  try {
    const response = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    const text = await response.text().catch(() => '');
    const result: SendResult = { status: response.status, body: text.slice(0, RESPONSE_BODY_LIMIT), ok: response.ok, durationMs: Date.now() - started };
    if (!response.ok) result.error = `${receiver}: the receiver answered ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
    if (retryAfter !== undefined) result.retryAfterMs = retryAfter;
    if (response.ok && request.readsReference) result.reference = readKey(text);
    return result;
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError';
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = timedOut ? `no answer within ${timeoutMs} ms` : (cause?.code ?? cause?.message ?? (error as Error).message);
    return { status: null, body: '', ok: false, error: `${receiver}: ${why}`, durationMs: Date.now() - started };
  }
}

function readKey(text: string): string | undefined {
  try {
    const key = (JSON.parse(text) as { key?: unknown }).key;
    return typeof key === 'string' ? key : undefined;
  } catch {
    return undefined;
  }
}
