/**
 * The local stack from a shell:
 *   npx tsx test/stack/cli.ts up [--brokers 3] [--legacy]
 *   npx tsx test/stack/cli.ts down [--clean]
 *   npx tsx test/stack/cli.ts status
 *   npx tsx test/stack/cli.ts secured        (the secured broker and Connect worker beside a running stack; tests start them on demand)
 *   npx tsx test/stack/cli.ts legacy         (the `legacy` Kafka cluster, an older line, migration source; started on demand)
 */
import { stackDown, stackUp } from './index';
import { ensureSecuredConnect } from './secured/connect';
import { ensureLegacy } from './legacy/kafka';
import { portAnswers } from './ports';
import { isAlive } from './processes';
import { readStackFile } from './state';
import { STACK_FILE } from './paths';

function usage(): never {
  console.error('usage: tsx test/stack/cli.ts up [--brokers N] [--legacy] | down [--clean] | status | secured | legacy');
  process.exit(2);
}

function brokersArg(args: string[]): number | undefined {
  const i = args.indexOf('--brokers');
  if (i < 0) return undefined;
  const n = Number(args[i + 1]);
  if (!Number.isInteger(n)) usage();
  return n;
}

async function status(): Promise<number> {
  const info = readStackFile();
  if (!info) {
    console.log(`no stack (${STACK_FILE} does not exist)`);
    return 1;
  }
  const services: [string, number][] = [
    ...(info.kafka.nodes ?? []).map((n): [string, number] => [`kafka-${n.nodeId}`, n.port]),
    ...info.connect.workers.flatMap((w): [string, number][] => [
      [`${w.id} (rest)`, Number(new URL(w.url).port)],
      [`agent-${w.id}`, Number(new URL(w.agentUrl).port)],
    ]),
    ['postgres', info.postgres.port],
    ['source-postgres', info.sourcePostgres.port],
    ['mariadb', info.mariadb.port],
    ['maven-mirror', Number(new URL(info.mavenMirror.url).port)],
    ...(info.schemaRegistry
      ? ([
          ['schema-registry', info.schemaRegistry.port],
          ['schema-registry (mgmt)', info.schemaRegistry.managementPort],
        ] as [string, number][])
      : []),
  ];
  let healthy = info.ready === true;
  console.log(`stack file: ${STACK_FILE} (ready: ${info.ready === true})`);
  for (const proc of info.processes) {
    const alive = isAlive(proc);
    healthy &&= alive;
    console.log(`  process ${proc.name.padEnd(22)} pid ${String(proc.pid).padEnd(8)} ${alive ? 'alive' : 'DEAD'}`);
  }
  for (const [name, port] of services) {
    const answers = await portAnswers(port);
    healthy &&= answers;
    console.log(`  port    ${name.padEnd(22)} ${String(port).padEnd(12)} ${answers ? 'answers' : 'closed'}`);
  }
  console.log(`kafka ${info.kafka.bootstrap} | connect ${info.connect.url} | postgres ${info.postgres.url.replace(/:[^:@/]+@/, ':***@')}`);
  if (info.schemaRegistry) console.log(`schema registry ${info.schemaRegistry.url} (Apicurio ${info.schemaRegistry.version}, Confluent API /apis/ccompat/v7)`);
  console.log(`mirror ${info.mavenMirror.url} | mariadb ${info.mariadb.host}:${info.mariadb.port} | source postgres ${info.sourcePostgres.host}:${info.sourcePostgres.port}`);
  return healthy ? 0 : 1;
}

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  switch (command) {
    case 'up': {
      const brokers = brokersArg(args);
      await stackUp(brokers !== undefined ? { brokers } : {});
      if (args.includes('--legacy')) await ensureLegacy((line) => console.log(line));
      return 0;
    }
    case 'down':
      await stackDown({ clean: args.includes('--clean') });
      return 0;
    case 'status':
      return status();
    case 'legacy': {
      const legacy = await ensureLegacy((line) => console.log(line));
      console.log(`legacy kafka: ${legacy.version} at ${legacy.bootstrap} (.stack/legacy-kafka/)`);
      return 0;
    }
    case 'secured': {
      const connect = await ensureSecuredConnect();
      const secured = connect.kafka;
      console.log(`secured kafka: SASL_SSL ${secured.saslSslBootstrap} (SCRAM-SHA-512), mTLS ${secured.mtlsBootstrap}; CA and passwords in .stack/secured-kafka/`);
      console.log(`secured connect: ${connect.url} (basic auth, .stack/secured-connect/)`);
      return 0;
    }
    default:
      return usage();
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
