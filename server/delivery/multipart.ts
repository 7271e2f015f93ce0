/**
 * Reading a multipart/form-data upload (RFC 7578) with @fastify/busboy: the file part reaches its consumer
 * as a stream while the body is still arriving (with backpressure), so an archive of hundreds of megabytes
 * is never held in memory; the few text fields around it are small and bounded.
 */
import type { Readable } from 'node:stream';
import Busboy, { type BusboyFileStream } from '@fastify/busboy';
import { messageOf } from '../util/errors';

export class MultipartError extends Error {
  override name = 'MultipartError';

  /** The form field at fault, when one is. */
  constructor(message: string, readonly field?: string) {
    super(message);
  }
}

export interface FormFile {
  /** As sent, without any directory part; may be empty. */
  filename: string;
  /** Must be read to its end (or fail) for the rest of the form to be read. */
  stream: Readable;
}

export interface FormOptions<T> {
  /** The one field that carries the file; a part there without a file name is not a file. */
  fileField: string;
  /** The text fields a form may carry; any other part is refused, so only the file can be large. */
  textFields: readonly string[];
  /** Takes the file as it arrives (writes it to disk); its result comes back as `file`. */
  onFile: (file: FormFile) => Promise<T>;
}

export interface Form<T> {
  fields: Partial<Record<string, string>>;
  /** Undefined when the form had no file. */
  file: T | undefined;
}

/** Names and versions: far longer than any plugin's, far shorter than anything worth reading unbounded. */
export const MAX_FIELD_BYTES = 1024;
const MAX_PARTS = 100;
const MAX_HEADER_BYTES = 16 * 1024;

export function isMultipart(contentType: string | undefined): boolean {
  return /^multipart\//i.test(contentType ?? '');
}

/**
 * Reads the form in `source`. Refuses (MultipartError) a malformed or truncated body, a second file, a kept
 * text field longer than MAX_FIELD_BYTES and more than MAX_PARTS parts; an error from `onFile` ends the
 * reading and comes back as it is. Settles only once `onFile` has settled, so nothing is left half-written.
 */
export function readForm<T>(source: Readable, contentType: string, options: FormOptions<T>): Promise<Form<T>> {
  const parser = createParser(contentType, options.fileField);
  return new Promise<Form<T>>((resolve, reject) => {
    const fields: Partial<Record<string, string>> = {};
    let stored: Promise<T> | undefined;
    let current: BusboyFileStream | undefined;
    let failure: unknown;

    const fail = (error: unknown) => {
      if (failure !== undefined) return;
      failure = error;
      source.unpipe(parser);
      source.destroy();
      current?.destroy(error instanceof Error ? error : new MultipartError(messageOf(error)));
      void settled(stored).then(() => reject(failure));
    };

    parser.on('file', (_field, stream, filename) => {
      if (stored || failure !== undefined) {
        stream.resume();
        return fail(new MultipartError('multipart body: send one file per request'));
      }
      // Its errors reach the caller through the parser's 'error' or onFile's rejection; unheard, one that
      // came before onFile started reading would crash the process.
      stream.on('error', () => {});
      current = stream;
      stream.once('end', () => (current = undefined));
      stored = options.onFile({ filename, stream });
      stored.catch(fail);
    });
    parser.on('field', (name, value, _nameTruncated, valueTruncated) => {
      if (!options.textFields.includes(name)) {
        return fail(new MultipartError(`multipart body: unknown form field "${name}" (send "${options.fileField}"${options.textFields.map((field) => `, "${field}"`).join('')})`, name));
      }
      if (valueTruncated) return fail(new MultipartError(`multipart body: field "${name}" is longer than ${MAX_FIELD_BYTES} bytes`));
      fields[name] = value;
    });
    parser.on('partsLimit', () => fail(new MultipartError(`multipart body: more than ${MAX_PARTS} parts`)));
    parser.on('error', (error) => fail(new MultipartError(`multipart body: ${/unexpected end/i.test(messageOf(error)) ? 'ended before its closing boundary' : messageOf(error)}`)));
    parser.on('finish', () => {
      if (failure !== undefined) return;
      (stored ?? Promise.resolve(undefined)).then((file) => {
        if (failure === undefined) resolve({ fields, file });
      }, fail);
    });
    source.on('error', fail);
    source.pipe(parser);
  });
}

function createParser(contentType: string, fileField: string) {
  try {
    return Busboy({
      headers: { 'content-type': contentType },
      limits: { fieldSize: MAX_FIELD_BYTES, parts: MAX_PARTS, headerSize: MAX_HEADER_BYTES },
      isPartAFile: (field, _type, filename) => field === fileField && filename !== undefined,
    });
  } catch (error) {
    if (/boundary/i.test(messageOf(error))) throw new MultipartError('multipart/form-data without a boundary');
    throw new MultipartError(`${contentType.split(';')[0]} is not multipart/form-data`);
  }
}

async function settled(promise: Promise<unknown> | undefined): Promise<void> {
  await promise?.catch(() => {});
}
