import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Compares digests rather than the raw strings so the comparison takes the same time whatever
 * the presented token's length or content.
 */
export function bearerMatches(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  const presented = match?.[1] ?? '';
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b) && presented.length > 0;
}

/**
 * What authenticates an archive's sha256: an HMAC keyed with the worker's agent token over the plugin name, the
 * file name and the digest. The digest alone, sent beside the body, proves nothing to the agent (whoever could
 * change the body could change it too); a digest signed with the token can only come from someone who holds the
 * token, and it cannot be moved to another plugin name or file name.
 */
export function archiveSignature(token: string, name: string, sha256: string, filename = ''): string {
  return createHmac('sha256', token).update(`connectory-plugin-archive\n${name}\n${filename}\n${sha256.trim().toLowerCase()}`).digest('hex');
}

export function archiveSignatureMatches(presented: string | undefined, token: string, name: string, sha256: string, filename = ''): boolean {
  const expected = Buffer.from(archiveSignature(token, name, sha256, filename), 'hex');
  const given = Buffer.from(/^[0-9a-f]{64}$/i.test(presented?.trim() ?? '') ? presented!.trim() : '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
