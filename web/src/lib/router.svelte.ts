// A tiny history-API router. The server answers every non-/api path with
// index.html, so a deep link or a reload lands back here.

let currentPath = $state(normalise(window.location.pathname));

window.addEventListener('popstate', () => {
  currentPath = normalise(window.location.pathname);
});

export const router = {
  get path(): string {
    return currentPath;
  },
};

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const url = new URL(to, window.location.origin);
  if (options.replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  currentPath = normalise(url.pathname);
  window.scrollTo(0, 0);
}

/** Click handler for in-app links: keeps the browser's own behaviour for new tabs and downloads. */
export function followLink(event: MouseEvent): void {
  const anchor = event.currentTarget;
  if (!(anchor instanceof HTMLAnchorElement)) return;
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  if (anchor.target && anchor.target !== '_self') return;
  if (anchor.hasAttribute('download') || anchor.origin !== window.location.origin) return;
  event.preventDefault();
  navigate(anchor.pathname + anchor.search + anchor.hash);
}

export type RouteParams = Record<string, string>;

/** Matches `/connect/:id/connectors` style patterns; returns the decoded params or null. */
export function matchPath(pattern: string, path: string): RouteParams | null {
  const want = segments(pattern);
  const have = segments(path);
  if (want.length !== have.length) return null;
  const params: RouteParams = {};
  for (const [index, part] of want.entries()) {
    const actual = have[index] ?? '';
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(actual);
    else if (part !== actual) return null;
  }
  return params;
}

/** True when `path` is `base` or below it; `/` only matches itself. */
export function isWithin(base: string, path: string): boolean {
  if (base === '/') return path === '/';
  return path === base || path.startsWith(`${base}/`);
}

function segments(path: string): string[] {
  return path.split('/').filter(Boolean);
}

function normalise(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}
