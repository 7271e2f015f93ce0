import { del, get, post } from '../lib/api';
import type { ApiToken, CreatedToken, NewToken, TokenList } from '../api/types';
export type { ApiToken, CreatedToken, NewToken } from '../api/types';

export type TokenStatus = 'active' | 'expired' | 'revoked';

export async function listTokens(): Promise<ApiToken[]> {
  return (await get<TokenList>('/api/v1/tokens')).items;
}

export const createToken = (token: NewToken) => post<CreatedToken>('/api/v1/tokens', token);

export const revokeToken = (id: string) => del<void>(`/api/v1/tokens/${encodeURIComponent(id)}`);

export function tokenStatus(token: Pick<ApiToken, 'revokedAt' | 'expiresAt'>, now = Date.now()): TokenStatus {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= now) return 'expired';
  return 'active';
}

/** Active tokens first, newest first within each status. */
export function sortTokens(tokens: ApiToken[], now = Date.now()): ApiToken[] {
  const rank: Record<TokenStatus, number> = { active: 0, expired: 1, revoked: 2 };
  return [...tokens].sort(
    (a, b) => rank[tokenStatus(a, now)] - rank[tokenStatus(b, now)] || b.createdAt.localeCompare(a.createdAt),
  );
}
