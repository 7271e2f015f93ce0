// Where to go after signing in. Only same-origin paths are accepted, so a crafted
// link to /login?next=https://elsewhere cannot send a fresh session off-site.

export const LOGIN_PATH = '/login';

export function loginPathFor(returnTo: string): string {
  if (!isSafeReturnPath(returnTo) || returnTo === '/' || returnTo.startsWith(LOGIN_PATH)) return LOGIN_PATH;
  return `${LOGIN_PATH}?next=${encodeURIComponent(returnTo)}`;
}

export function returnPathFrom(search: string): string {
  const next = new URLSearchParams(search).get('next');
  return next && isSafeReturnPath(next) && !next.startsWith(LOGIN_PATH) ? next : '/';
}

function isSafeReturnPath(path: string): boolean {
  return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\');
}
