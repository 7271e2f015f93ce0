/** Byte fixtures written out by hand: hex with spaces for readability, utf8 for strings. */
export function bytes(...parts: (string | Buffer)[]): Buffer {
  return Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part.replace(/\s+/g, ''), 'hex') : part)));
}

export const utf8 = (text: string) => Buffer.from(text, 'utf8');
