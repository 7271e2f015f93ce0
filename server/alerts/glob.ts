/** `*` any run of characters, `?` one; everything else literal. A missing glob matches everything. */
export function globMatches(glob: string | null | undefined, value: string): boolean {
  if (glob === undefined || glob === null || glob === '' || glob === '*') return true;
  if (!/[*?]/.test(glob)) return glob === value;
  return compiled(glob).test(value);
}

// Evaluation matches every rule's glob against every connector and group each cycle: compile each glob once.
const cache = new Map<string, RegExp>();
const CACHE_LIMIT = 10_000;

function compiled(glob: string): RegExp {
  let regex = cache.get(glob);
  if (!regex) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    regex = new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    cache.set(glob, regex);
  }
  return regex;
}
