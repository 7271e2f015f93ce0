import type { Role } from '../db/tables';
import type { Grant } from './permissions';

/** Who is calling: a signed-in user (session cookie) or an API token (Bearer). */
export type Principal = UserPrincipal | TokenPrincipal;

interface PrincipalBase extends Grant {
  id: string;
  /** Username, or the token's name: what the audit log calls the actor. */
  name: string;
  role: Role;
  clusters: string[] | null;
}

export interface UserPrincipal extends PrincipalBase {
  kind: 'user';
  /** The session the request came with; sessions exist only for users. */
  session: { idHash: string; csrfTokenHash: string; expiresAt: Date };
}

export interface TokenPrincipal extends PrincipalBase {
  kind: 'token';
  /** The user who created the token (null when that user was deleted). */
  createdBy: string | null;
}
