/**
 * Maven coordinates in the catalog's notation, `group:artifact:version[:classifier]:type`
 * (e.g. `io.debezium:debezium-connector-mysql:3.6.1.Final:plugin:tar.gz`), and where they live
 * in a repository laid out the Maven way.
 */
export interface MavenCoordinates {
  groupId: string;
  artifactId: string;
  version: string;
  classifier?: string;
  /** The file extension Maven calls the type: jar, zip, tar.gz, pom. */
  type: string;
}

export class MavenCoordinatesError extends Error {
  override name = 'MavenCoordinatesError';
}

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/;
const TYPE = /^[A-Za-z0-9]+(\.[A-Za-z0-9]+)*$/;

/** Every part becomes a path segment (the group one per dot), so nothing may climb out of the repository. */
function checkPart(text: string, label: string, value: string, pattern: RegExp): void {
  if (!pattern.test(value) || value.includes('..')) {
    throw new MavenCoordinatesError(`Maven coordinates "${text}": invalid ${label} "${value}"`);
  }
}

export function parseCoordinates(text: string): MavenCoordinates {
  const parts = text.trim().split(':');
  if (parts.length !== 4 && parts.length !== 5) {
    throw new MavenCoordinatesError(`Maven coordinates "${text}": expected group:artifact:version[:classifier]:type`);
  }
  const [groupId, artifactId, version] = parts as [string, string, string];
  const classifier = parts.length === 5 ? parts[3] : undefined;
  const type = parts[parts.length - 1]!;
  checkPart(text, 'group', groupId, /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/);
  checkPart(text, 'artifact', artifactId, SEGMENT);
  checkPart(text, 'version', version, SEGMENT);
  if (classifier !== undefined) checkPart(text, 'classifier', classifier, SEGMENT);
  checkPart(text, 'type', type, TYPE);
  return { groupId, artifactId, version, ...(classifier !== undefined ? { classifier } : {}), type };
}

export function formatCoordinates(c: MavenCoordinates): string {
  return [c.groupId, c.artifactId, c.version, ...(c.classifier ? [c.classifier] : []), c.type].join(':');
}

/** `debezium-connector-mysql-3.6.1.Final-plugin.tar.gz` */
export function artifactFileName(c: MavenCoordinates): string {
  return `${c.artifactId}-${c.version}${c.classifier ? `-${c.classifier}` : ''}.${c.type}`;
}

/** `io/debezium/debezium-connector-mysql/3.6.1.Final/debezium-connector-mysql-3.6.1.Final-plugin.tar.gz` */
export function artifactPath(c: MavenCoordinates): string {
  return [...c.groupId.split('.'), c.artifactId, c.version, artifactFileName(c)].join('/');
}

/** `io/debezium/debezium-connector-mysql/maven-metadata.xml`: the versions a repository knows. */
export function metadataPath(groupId: string, artifactId: string): string {
  return [...groupId.split('.'), artifactId, 'maven-metadata.xml'].join('/');
}
