import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../paths';

export const ARCHIVES_POM = join(REPO_ROOT, 'test', 'stack', 'archives', 'pom.xml');

/** One `<artifactItem>` of the pom, in the catalog's coordinate notation. */
export interface ArchiveItem {
  groupId: string;
  artifactId: string;
  version: string;
  classifier?: string;
  type: string;
  /** group:artifact:version[:classifier]:type */
  coordinates: string;
  /** Where it lands in a Maven repository. */
  path: string;
}

const tag = (xml: string, name: string) => new RegExp(`<${name}>\\s*([^<\\s]+)\\s*</${name}>`).exec(xml)?.[1];

/** The archives the pom lists; comments are dropped first so commented-out items do not count. */
export function archiveItems(pomXml = readFileSync(ARCHIVES_POM, 'utf8')): ArchiveItem[] {
  const xml = pomXml.replace(/<!--[\s\S]*?-->/g, '');
  return [...xml.matchAll(/<artifactItem>([\s\S]*?)<\/artifactItem>/g)].map(([, body = '']) => {
    const groupId = tag(body, 'groupId')!;
    const artifactId = tag(body, 'artifactId')!;
    const version = tag(body, 'version')!;
    const classifier = tag(body, 'classifier');
    const type = tag(body, 'type') ?? 'jar';
    const file = `${artifactId}-${version}${classifier ? `-${classifier}` : ''}.${type}`;
    return {
      groupId,
      artifactId,
      version,
      ...(classifier ? { classifier } : {}),
      type,
      coordinates: [groupId, artifactId, version, ...(classifier ? [classifier] : []), type].join(':'),
      path: [...groupId.split('.'), artifactId, version, file].join('/'),
    };
  });
}
