/**
 * A streaming multipart/form-data reader (RFC 7578): parts come out one at a time, each body as a
 * stream, so an archive of hundreds of megabytes is never held in memory. No dependency ships one
 * that fits here, and the format is small: parts separated by `\r\n--boundary`, each with headers,
 * the last boundary followed by `--`.
 */
import { Readable } from 'node:stream';

export interface MultipartPart {
  /** The form field name. */
  name: string;
  filename?: string;
  contentType?: string;
  /** Must be read (or `skip`ped) before the next part can come. */
  body: Readable;
}

export class MultipartError extends Error {
  override name = 'MultipartError';
}

const MAX_HEADER_BYTES = 16 * 1024;
const MAX_PARTS = 100;
const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** The boundary of a `multipart/form-data; boundary=…` content type, or undefined. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) return undefined;
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

/** Pulls bytes from the source on demand. */
class ByteSource {
  #buffer: Buffer = Buffer.alloc(0);
  #ended = false;
  readonly #iterator: AsyncIterator<Uint8Array>;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.#iterator = source[Symbol.asyncIterator]();
  }

  get buffer(): Buffer {
    return this.#buffer;
  }

  consume(bytes: number): Buffer {
    const head = this.#buffer.subarray(0, bytes);
    this.#buffer = this.#buffer.subarray(bytes);
    return head;
  }

  /** Appends the next chunk; false when the source has ended. */
  async more(): Promise<boolean> {
    if (this.#ended) return false;
    const next = await this.#iterator.next();
    if (next.done) {
      this.#ended = true;
      return false;
    }
    this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, next.value]) : Buffer.from(next.value);
    return true;
  }

  /** Waits until at least `bytes` are buffered (false if the source ends first). */
  async fill(bytes: number): Promise<boolean> {
    while (this.#buffer.length < bytes) if (!(await this.more())) return false;
    return true;
  }

  async cancel(): Promise<void> {
    await this.#iterator.return?.();
  }
}

/**
 * Yields the parts of a multipart body. The body stream of each part ends at its boundary; the
 * generator drains what the consumer left unread before reading the next part's headers.
 */
export async function* readMultipart(source: AsyncIterable<Uint8Array>, boundary: string): AsyncGenerator<MultipartPart> {
  const bytes = new ByteSource(source);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  try {
    await skipPreamble(bytes, boundary);
    for (let count = 0; ; count++) {
      if (!(await bytes.fill(2))) throw new MultipartError('multipart body: ended after a boundary');
      const after = bytes.consume(2).toString('latin1');
      if (after === '--') return;
      if (after !== '\r\n') throw new MultipartError('multipart body: a boundary is not followed by CRLF');
      if (count >= MAX_PARTS) throw new MultipartError(`multipart body: more than ${MAX_PARTS} parts`);
      const headers = await readHeaders(bytes);
      const body = partBody(bytes, delimiter);
      const part = { ...describePart(headers), body: Readable.from(body.chunks(), { objectMode: false }) };
      yield part;
      await body.drain();
    }
  } finally {
    await bytes.cancel();
  }
}

/** Anything before the first boundary is ignored (RFC 2046 preamble). */
async function skipPreamble(bytes: ByteSource, boundary: string): Promise<void> {
  const first = Buffer.from(`--${boundary}`);
  for (;;) {
    const at = bytes.buffer.indexOf(first);
    if (at === 0 || (at > 0 && bytes.buffer.subarray(at - 2, at).equals(CRLF))) {
      bytes.consume(at + first.length);
      return;
    }
    if (bytes.buffer.length > MAX_HEADER_BYTES) throw new MultipartError('multipart body: no boundary where the body starts');
    if (!(await bytes.more())) throw new MultipartError('multipart body: the boundary never appears');
  }
}

async function readHeaders(bytes: ByteSource): Promise<Map<string, string>> {
  for (;;) {
    const end = bytes.buffer.indexOf(HEADER_END);
    // a part without headers starts straight with the blank line
    if (bytes.buffer.subarray(0, 2).equals(CRLF)) {
      bytes.consume(2);
      return new Map();
    }
    if (end >= 0) {
      const text = bytes.consume(end).toString('utf8');
      bytes.consume(HEADER_END.length);
      return parseHeaders(text);
    }
    if (bytes.buffer.length > MAX_HEADER_BYTES) throw new MultipartError(`multipart body: part headers longer than ${MAX_HEADER_BYTES} bytes`);
    if (!(await bytes.more())) throw new MultipartError('multipart body: ended inside part headers');
  }
}

function parseHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function describePart(headers: Map<string, string>): Omit<MultipartPart, 'body'> {
  const disposition = headers.get('content-disposition') ?? '';
  if (!/^form-data\b/i.test(disposition)) throw new MultipartError('multipart body: a part has no "Content-Disposition: form-data" header');
  const name = dispositionParam(disposition, 'name');
  if (name === undefined) throw new MultipartError('multipart body: a part has no field name');
  const filename = dispositionParam(disposition, 'filename');
  const contentType = headers.get('content-type');
  return { name, ...(filename !== undefined ? { filename } : {}), ...(contentType ? { contentType } : {}) };
}

function dispositionParam(disposition: string, param: string): string | undefined {
  const match = new RegExp(`;\\s*${param}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, 'i').exec(disposition);
  if (!match) return undefined;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2];
}

/**
 * A part's bytes up to the next delimiter. The last `delimiter.length - 1` buffered bytes are held
 * back until more arrive, since they could be the start of the delimiter.
 */
function partBody(bytes: ByteSource, delimiter: Buffer) {
  let done = false;
  async function* chunks(): AsyncGenerator<Buffer> {
    while (!done) {
      const at = bytes.buffer.indexOf(delimiter);
      if (at >= 0) {
        const last = bytes.consume(at);
        bytes.consume(delimiter.length);
        done = true;
        if (last.length) yield Buffer.from(last);
        return;
      }
      const safe = bytes.buffer.length - (delimiter.length - 1);
      if (safe > 0) yield Buffer.from(bytes.consume(safe));
      if (!(await bytes.more())) throw new MultipartError('multipart body: ended inside a part (no closing boundary)');
    }
  }
  return {
    chunks,
    async drain() {
      if (done) return;
      for await (const _ of chunks()) {
        // discard what the consumer did not read
      }
    },
  };
}

/** A small text field's value, refused past `maxBytes`. */
export async function readField(part: MultipartPart, maxBytes = 4096): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of part.body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new MultipartError(`multipart body: field "${part.name}" is longer than ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
