/**
 * Pins a new catalog version from the real files: downloads each artifact, prints its sha512 and
 * size and the connector classes found inside, as YAML to paste under `versions:`.
 *
 *   tsx server/catalog/pin-cli.ts [--from <maven url>] <group:artifact:version[:classifier]:type>…
 *
 * Several coordinates make one version of a plugin published as several jars.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectArchive, type ConnectorClass } from '../../plugins/archive';
import { artifactFileName, MavenClient, MAVEN_CENTRAL, parseCoordinates } from '../maven';

const USAGE = 'usage: tsx server/catalog/pin-cli.ts [--from <maven url>] <group:artifact:version[:classifier]:type>…';

async function main(argv: string[]): Promise<void> {
  const fromIndex = argv.indexOf('--from');
  const from = fromIndex >= 0 ? argv[fromIndex + 1] : process.env.MAVEN_BASE_URL || MAVEN_CENTRAL;
  // without --from, fromIndex + 1 is 0: only skip the flag and its value when the flag is there
  const coordinates = fromIndex >= 0 ? argv.filter((_, i) => i !== fromIndex && i !== fromIndex + 1) : argv;
  if (!from || coordinates.length === 0) throw new Error(USAGE);
  const maven = new MavenClient({ baseUrl: from });
  const work = await mkdtemp(join(tmpdir(), 'catalog-pin-'));
  try {
    const lines = ['    artifacts:'];
    const connectors = new Map<string, ConnectorClass>();
    for (const text of coordinates) {
      const c = parseCoordinates(text);
      const file = join(work, artifactFileName(c));
      const result = await maven.download(c, file);
      lines.push(`      - coordinates: ${text}`, `        sha512: ${result.sha512}`, `        size: ${result.size}`);
      const inspection = await inspectArchive(file, { filename: artifactFileName(c) });
      inspection.classes.connectors.forEach((k) => connectors.set(k.class, k));
      if (inspection.classSource === 'heuristic') console.error(`# ${text}: no service manifests; classes guessed from names, check them`);
    }
    lines.push('    connectorClasses:', ...[...connectors.values()].map((k) => `      - { class: ${k.class}, type: ${k.type} }`));
    console.log(lines.join('\n'));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
