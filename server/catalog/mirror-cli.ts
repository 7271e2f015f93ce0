/**
 * Pre-fetches catalog archives into a folder in Maven layout, for air-gapped sites:
 *
 *   tsx server/catalog/mirror-cli.ts --to <dir> [--from <maven url>] [--latest] [--catalog <dir>] [ids…]
 *
 * Downloads from --from (default MAVEN_BASE_URL, else Maven Central). Serve <dir> over http and set
 * MAVEN_BASE_URL to it on the Connectory server.
 */
import { resolve } from 'node:path';
import { MavenClient, MAVEN_CENTRAL } from '../maven';
import { Catalog } from './catalog';
import { mirrorCatalog } from './mirror';

interface Args {
  to: string;
  from: string;
  latestOnly: boolean;
  catalogDir: string | undefined;
  ids: string[];
}

const USAGE = 'usage: tsx server/catalog/mirror-cli.ts --to <dir> [--from <maven url>] [--latest] [--catalog <dir>] [catalog ids…]';

export function parseMirrorArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): Args {
  const args: Args = { to: '', from: env.MAVEN_BASE_URL || MAVEN_CENTRAL, latestOnly: false, catalogDir: undefined, ids: [] };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new Error(`${arg} needs a value\n${USAGE}`);
      return next;
    };
    if (arg === '--to') args.to = resolve(value());
    else if (arg === '--from') args.from = value();
    else if (arg === '--catalog') args.catalogDir = resolve(value());
    else if (arg === '--latest') args.latestOnly = true;
    else if (arg === '--help' || arg === '-h') throw new Error(USAGE);
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}\n${USAGE}`);
    else args.ids.push(arg);
  }
  if (!args.to) throw new Error(`--to is required\n${USAGE}`);
  return args;
}

async function main(): Promise<void> {
  const args = parseMirrorArgs(process.argv.slice(2));
  const catalog = await Catalog.load(args.catalogDir);
  const maven = new MavenClient({ baseUrl: args.from });
  console.log(`catalog ${catalog.meta.version}: mirroring ${args.ids.length ? args.ids.join(', ') : 'every entry'} from ${maven.baseUrl} into ${args.to}`);
  const files = await mirrorCatalog({
    catalog,
    maven,
    to: args.to,
    ids: args.ids,
    latestOnly: args.latestOnly,
    log: (line) => console.log(`  ${line}`),
  });
  const downloaded = files.filter((f) => f.status === 'downloaded').length;
  console.log(`done: ${files.length} file(s), ${downloaded} downloaded, ${files.length - downloaded} already present`);
}

if (process.argv[1] && /mirror-cli\.ts$/.test(process.argv[1])) {
  main().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
