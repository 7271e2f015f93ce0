import { del, get, post } from '../lib/api';
import type { ClusterScope, Role } from '../auth/types';

export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  clusters: ClusterScope;
  expiresAt: string | null;
  createdAt: string;
  createdBy: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface NewToken {
  name: string;
  role: Role;
  clusters: ClusterScope;
  expiresAt?: string;
}

/** The secret is in this answer only; the server keeps just its hash. */
export type CreatedToken = Omit<ApiToken, 'createdBy' | 'lastUsedAt' | 'revokedAt'> & { token: string };

export type TokenStatus = 'active' | 'expired' | 'revoked';

export async function listTokens(): Promise<ApiToken[]> {
  return (await get<{ items: ApiToken[] }>('/api/v1/tokens')).items;
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
