import { logFile, REPO_ROOT } from '../paths';
import { HOST } from '../ports';
import { serviceEnv, spawnDetached } from '../processes';
import { ensureService, type StackContext } from '../service';
import type { StackProcess } from '../types';
import { resolveRegistryApp } from './app';
import { findJava } from './java';

export const REGISTRY_PROCESS = 'schema-registry';
/** Apicurio Registry 3 is built for Java 21. */
const MIN_JAVA = 21;

export interface RegistryPorts {
  port: number;
  /** Quarkus' management interface (health, metrics): 9000 on every interface unless moved, so always moved here. */
  managementPort: number;
}

/** The Confluent-compatible API answering with a JSON list proves it is the registry, not something else on the port. */
export async function registryAnswers(url: string): Promise<boolean> {
  const res = await fetch(`${url}/apis/ccompat/v7/subjects`, { signal: AbortSignal.timeout(2_000) });
  if (res.status !== 200) return false;
  return Array.isArray(await res.json());
}

export const registryUrl = (port: number): string => `http://${HOST}:${port}`;

/**
 * Both listeners on loopback only, a small heap and the serial collector (two cores shared by every JVM of the
 * stack), in-memory storage (Apicurio's default: a restart starts empty, like a fresh test registry).
 */
export function startRegistry(jar: string, ports: RegistryPorts, log: string, name = REGISTRY_PROCESS): StackProcess {
  const { java } = findJava(MIN_JAVA);
  return spawnDetached({
    name,
    command: java,
    args: [
      '-Xms64m',
      '-Xmx256m',
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      '-XX:+ExitOnOutOfMemoryError',
      '-XX:-UsePerfData',
      `-Dquarkus.http.host=${HOST}`,
      `-Dquarkus.http.port=${ports.port}`,
      `-Dquarkus.management.host=${HOST}`,
      `-Dquarkus.management.port=${ports.managementPort}`,
      '-Dquarkus.log.console.color=false',
      '-jar',
      jar,
    ],
    logFile: log,
    cwd: REPO_ROOT,
    env: serviceEnv(),
  });
}

/** The stack's registry: started beside Kafka (it needs nothing else), its URL in stack.json. */
export async function upSchemaRegistry(ctx: StackContext): Promise<void> {
  const registry = ctx.info.schemaRegistry!;
  findJava(MIN_JAVA); // fail before the download when no Java 21+ exists
  const jar = await resolveRegistryApp(ctx.log);
  await ensureService(ctx, {
    service: 'schema-registry',
    processName: REGISTRY_PROCESS,
    ports: [registry.port, registry.managementPort],
    logFile: logFile(REGISTRY_PROCESS),
    start: () => startRegistry(jar, registry, logFile(REGISTRY_PROCESS)),
    ready: () => registryAnswers(registry.url),
    readyTimeoutMs: 120_000,
  });
  ctx.log(`schema-registry: Apicurio Registry ${registry.version} at ${registry.url} (Confluent API ${registry.url}/apis/ccompat/v7)`);
}
