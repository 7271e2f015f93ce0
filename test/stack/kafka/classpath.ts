import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { StackError } from '../errors';
import { logFile, REPO_ROOT, serviceDir } from '../paths';
import { runToLog } from '../processes';

export const KAFKA_POM = join(REPO_ROOT, 'test', 'stack', 'kafka', 'pom.xml');
export const LOG4J2_CONFIG = join(REPO_ROOT, 'test', 'stack', 'kafka', 'log4j2.properties');

export interface KafkaClasspath {
  /** every jar of the distribution except connect-file */
  jars: string[];
  /** copied into each worker's plugin.path so it loads as a plugin, as in production */
  connectFileJar: string;
}

/** The Kafka version the stack runs is the one the pom resolves. */
export function kafkaVersion(): string {
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(readFileSync(KAFKA_POM, 'utf8'));
  if (!match?.[1]) throw new StackError('kafka', `no <kafka.version> in ${KAFKA_POM}`);
  return match[1];
}

function cacheFile(): string {
  const hash = createHash('sha256').update(readFileSync(KAFKA_POM)).digest('hex').slice(0, 16);
  return serviceDir('cache', `kafka-classpath-${hash}.txt`);
}

async function runMaven(outputFile: string): Promise<void> {
  const log = logFile('maven');
  const args = ['-q', '-B', '-Dstyle.color=never', '-f', KAFKA_POM, 'dependency:build-classpath',
    `-Dmdep.outputFile=${outputFile}`, '-Dmdep.includeScope=runtime'];
  const code = await runToLog('mvn', args, { logFile: log }).catch((err: Error) => {
    throw new StackError('maven', `cannot run mvn: ${err.message}`);
  });
  if (code !== 0) throw new StackError('maven', `mvn exited with ${code} resolving ${KAFKA_POM}`, log);
}

function splitClasspath(file: string): KafkaClasspath | undefined {
  const entries = readFileSync(file, 'utf8').trim().split(':').filter(Boolean);
  if (entries.length === 0 || !entries.every((jar) => existsSync(jar))) return undefined;
  const isConnectFile = (jar: string) => /\/org\/apache\/kafka\/connect-file\//.test(jar);
  const connectFileJar = entries.find(isConnectFile);
  if (!connectFileJar) throw new StackError('kafka', `connect-file is missing from ${file}`);
  return { jars: entries.filter((jar) => !isConnectFile(jar)), connectFileJar };
}

/**
 * The classpath is cached per pom content, so a warm start runs no mvn at all; it is
 * resolved again when the pom changes or a jar vanished from the Maven cache.
 */
export async function resolveKafkaClasspath(log: (line: string) => void): Promise<KafkaClasspath> {
  const file = cacheFile();
  const cached = existsSync(file) ? splitClasspath(file) : undefined;
  if (cached) return cached;
  log(`maven: resolving Kafka ${kafkaVersion()} jars (mvn dependency:build-classpath)`);
  mkdirSync(serviceDir('cache'), { recursive: true });
  mkdirSync(serviceDir('logs'), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await runMaven(tmp);
  renameSync(tmp, file);
  const resolved = splitClasspath(file);
  if (!resolved) throw new StackError('maven', `mvn wrote an unusable classpath to ${file}`, logFile('maven'));
  log(`maven: ${resolved.jars.length + 1} jars resolved`);
  return resolved;
}
