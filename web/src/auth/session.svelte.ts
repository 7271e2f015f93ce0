// Who is signed in, and what they may do. The console asks the server once on
// load (GET /api/auth/session), then keeps this in step with login, logout and
// any 401 the API answers when a session ends underneath us.
import { ApiError, get, onUnauthenticated, post, setCsrfToken, asApiError } from '../lib/api';
import type { Me, Permission, SessionAnswer, SessionUser } from './types';

export type SessionState = 'checking' | 'signed-in' | 'signed-out' | 'unreachable';

/** Why the user is looking at the login page, so it can say so. */
export type SignedOutReason = 'expired' | 'signed-out' | undefined;

class Session {
  state = $state<SessionState>('checking');
  user = $state<SessionUser | undefined>();
  me = $state<Me | undefined>();
  reason = $state<SignedOutReason>();
  /** Set when the server could not be asked at all. */
  problem = $state<ApiError | undefined>();

  readonly #permissions = $derived(new Set(this.me?.permissions ?? []));

  can(permission: Permission): boolean {
    return this.#permissions.has(permission);
  }

  async restore(): Promise<void> {
    this.state = 'checking';
    try {
      await this.#adopt(await get<SessionAnswer>('/api/auth/session'));
    } catch (cause) {
      const error = asApiError(cause);
      if (error.status === 401) this.#signOut(undefined);
      else {
        this.problem = error;
        this.state = 'unreachable';
      }
    }
  }

  /** Throws the server's ApiError (invalid_credentials, rate_limited, ...) for the form to show. */
  async login(username: string, password: string): Promise<void> {
    await this.#adopt(await post<SessionAnswer>('/api/auth/login', { username, password }));
  }

  async logout(): Promise<void> {
    try {
      await post('/api/auth/logout');
    } finally {
      // Even if the server is gone, this browser forgets the session.
      this.#signOut('signed-out');
    }
  }

  /** The API said 401: the session expired or was revoked. */
  expire(): void {
    if (this.state === 'signed-in') this.#signOut('expired');
  }

  async #adopt(answer: SessionAnswer): Promise<void> {
    setCsrfToken(answer.csrfToken);
    this.user = answer.user;
    this.me = await this.#loadMe();
    this.problem = undefined;
    this.reason = undefined;
    this.state = 'signed-in';
  }

  async #loadMe(): Promise<Me | undefined> {
    try {
      return await get<Me>('/api/v1/me');
    } catch (cause) {
      const error = asApiError(cause);
      if (error.status === 401) throw error;
      // Signed in but permissions unknown: the console shows less, never more.
      console.warn(`Connectory console: GET /api/v1/me failed: ${error.message}`);
      return undefined;
    }
  }

  #signOut(reason: SignedOutReason): void {
    setCsrfToken(undefined);
    this.user = undefined;
    this.me = undefined;
    this.reason = reason;
    this.state = 'signed-out';
  }
}


export const session = new Session();

onUnauthenticated(() => session.expire());
