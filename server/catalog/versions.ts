import semver from 'semver';

/**
 * Maven qualifiers as semver pre-release tags. Their alphabetical order (alpha < beta < milestone
 * < rc < snapshot) is Maven's order too; release qualifiers mean "no pre-release".
 */
const QUALIFIERS: Record<string, string | null> = {
  alpha: 'alpha',
  a: 'alpha',
  beta: 'beta',
  b: 'beta',
  m: 'milestone',
  milestone: 'milestone',
  cr: 'rc',
  rc: 'rc',
  snapshot: 'snapshot',
  final: null,
  ga: null,
  release: null,
  '': null,
};

const MAVEN_VERSION = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[.-]?([A-Za-z]+)[.-]?(\d*))?$/;

/**
 * The semver form of a version string, or null when it has none. Maven versions are coerced:
 * `3.6.1.Final` → `3.6.1`, `3.7.0.Alpha2` → `3.7.0-alpha.2`, `2.0.0.CR1` → `2.0.0-rc.1`;
 * the original string is always kept by callers (it is what the repository knows).
 */
export function toSemver(version: string): string | null {
  const trimmed = version.trim();
  const match = MAVEN_VERSION.exec(trimmed);
  const [, major, minor = '0', patch = '0', qualifier = '', number = ''] = match ?? [];
  const tag = match ? QUALIFIERS[qualifier.toLowerCase()] : undefined;
  // a known Maven qualifier wins even over valid semver: "1.0.0-RC2" must sort after "1.0.0-beta.1"
  if (match && tag !== undefined) {
    const core = `${Number(major)}.${Number(minor)}.${Number(patch)}`;
    return tag === null ? core : `${core}-${tag}${number ? `.${Number(number)}` : ''}`;
  }
  const valid = semver.valid(trimmed);
  if (valid) return valid;
  if (match) return `${Number(major)}.${Number(minor)}.${Number(patch)}-${qualifier.toLowerCase()}${number ? `.${Number(number)}` : ''}`;
  return semver.coerce(trimmed)?.version ?? null;
}

/** A version as the catalog keeps it: the publisher's string and its semver reading. */
export interface ParsedVersion {
  original: string;
  semver: string;
}

export function parseVersion(version: string): ParsedVersion | null {
  const coerced = toSemver(version);
  return coerced ? { original: version, semver: coerced } : null;
}

/** semver order; strings without a semver reading sort before every real version, among themselves by text. */
export function compareVersions(a: string, b: string): number {
  const sa = toSemver(a);
  const sb = toSemver(b);
  if (sa && sb) return semver.compare(sa, sb) || a.localeCompare(b);
  if (sa) return 1;
  if (sb) return -1;
  return a.localeCompare(b, undefined, { numeric: true });
}

export function isPrerelease(version: string): boolean {
  const coerced = toSemver(version);
  return coerced !== null && semver.prerelease(coerced) !== null;
}

/** Whether a Kafka version (e.g. "4.3.1", or a Confluent "7.9.0-ccs") falls in a semver range. */
export function kafkaSatisfies(kafkaVersion: string, range: string): boolean {
  const coerced = semver.coerce(kafkaVersion)?.version;
  return coerced !== undefined && semver.satisfies(coerced, range);
}
