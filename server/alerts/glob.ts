/** `*` any run of characters, `?` one; everything else literal. A missing glob matches everything. */
export function globMatches(glob: string | null | undefined, value: string): boolean {
  return globMatcher(glob)(value);
}

export type Matcher = (value: string) => boolean;

const matchAll: Matcher = () => true;

/**
 * The glob as a function, built once per glob: evaluation matches every rule's glob against every connector and
 * group each cycle (200 rules × 1,000 names), so the common shapes (`name`, `prefix*`, `*suffix`) skip the regex.
 */
export function globMatcher(glob: string | null | undefined): Matcher {
  if (glob === undefined || glob === null || glob === '' || glob === '*') return matchAll;
  let matcher = cache.get(glob);
  if (!matcher) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    matcher = build(glob);
    cache.set(glob, matcher);
  }
  return matcher;
}

const cache = new Map<string, Matcher>();
const CACHE_LIMIT = 10_000;

function build(glob: string): Matcher {
  const wild = /[*?]/g;
  const wildcards = glob.match(wild)?.length ?? 0;
  if (wildcards === 0) return (value) => value === glob;
  if (wildcards === 1 && glob.endsWith('*')) {
    const prefix = glob.slice(0, -1);
    return (value) => value.startsWith(prefix);
  }
  if (wildcards === 1 && glob.startsWith('*')) {
    const suffix = glob.slice(1);
    return (value) => value.endsWith(suffix);
  }
  const regex = new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return (value) => regex.test(value);
}
