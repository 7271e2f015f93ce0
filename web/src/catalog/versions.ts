// Version questions the install dialog asks before anything is sent: is this version meant for the
// cluster's Kafka, and is it an upgrade, a downgrade or the same again. The server decides for real.
import coerce from 'semver/functions/coerce';
import compare from 'semver/functions/compare';
import satisfies from 'semver/functions/satisfies';

/** Maven's `3.5.0.Final` reads as `3.5.0`; null when there is no number to read. */
const readable = (version: string) => coerce(version)?.version ?? null;

export function supportsKafka(range: string, kafkaVersion: string | null): boolean | undefined {
  const kafka = kafkaVersion ? readable(kafkaVersion) : null;
  if (!kafka) return undefined;
  try {
    return satisfies(kafka, range, { includePrerelease: true });
  } catch {
    return undefined;
  }
}

export type Change = 'install' | 'upgrade' | 'downgrade' | 'reinstall';

/** What installing `target` means next to the versions the workers run now. */
export function changeFrom(installed: string[], target: string): Change {
  if (installed.length === 0) return 'install';
  const to = readable(target);
  const from = installed.map(readable).filter((version): version is string => version !== null);
  if (!to || from.length === 0) return 'upgrade';
  if (from.every((version) => version === to)) return 'reinstall';
  return from.some((version) => compare(version, to) < 0) ? 'upgrade' : 'downgrade';
}
