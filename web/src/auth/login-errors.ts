import { ApiError } from '../lib/api';

export interface LoginProblem {
  title: string;
  detail?: string;
  /** Seconds until the server accepts another attempt (rate limited). */
  retryAfterSeconds?: number;
}

/** Turns a failed POST /api/auth/login into words for the person at the form. */
export function describeLoginFailure(cause: unknown): LoginProblem {
  if (!(cause instanceof ApiError)) return { title: 'Signing in failed', detail: String(cause) };
  if (cause.code === 'invalid_credentials' || cause.status === 401) {
    return { title: 'Wrong username or password', detail: 'Check both and try again. Passwords are case-sensitive.' };
  }
  if (cause.code === 'rate_limited' || cause.status === 429) {
    return { title: 'Too many sign-in attempts', retryAfterSeconds: cause.retryAfterSeconds ?? 60 };
  }
  if (cause.unreachable) return { title: 'Cannot reach the Connectory server', detail: cause.message };
  if (cause.code === 'invalid_input') return { title: 'Enter a username and a password', detail: cause.message };
  return { title: 'Signing in failed', detail: `${cause.message} (${cause.code}, HTTP ${cause.status})` };
}
