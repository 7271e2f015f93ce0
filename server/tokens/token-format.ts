import { randomSecret, sha256Hex } from '../auth/hashing';

/** Marks Connectory tokens, so secret scanners and people can recognise a leaked one. */
export const TOKEN_PREFIX = 'cty_';
const TOKEN_PATTERN = /^cty_[A-Za-z0-9_-]{43}$/;

/** `cty_` + 32 random bytes in base64url (43 characters). */
export function generateToken(): string {
  return `${TOKEN_PREFIX}${randomSecret(32)}`;
}

export function looksLikeToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

/** The only form in which a token is stored. */
export function tokenHash(token: string): string {
  return sha256Hex(token);
}

/** The token in an `Authorization: Bearer <token>` header, or undefined for any other header. */
export function bearerToken(authorization: string): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match?.[1];
}
