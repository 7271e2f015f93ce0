import { readFile } from 'node:fs/promises';

/** The worker's internal topics: Connectory refuses to show them to users who may not manage clusters. */
export interface WorkerTopics {
  configTopic: string | null;
  offsetTopic: string | null;
  statusTopic: string | null;
}

/**
 * The worker's properties file: the `workerProperties` setting, else the argument of ConnectDistributed that ends
 * in `.properties` (how the supervised worker is started).
 */
export function workerPropertiesFile(explicit: string | undefined, args: readonly string[] | undefined): string | undefined {
  return explicit ?? [...(args ?? [])].reverse().find((arg) => arg.endsWith('.properties'));
}

/** Read at every ask (a cheap local file): an edited properties file is reported without restarting the agent. */
export async function readWorkerTopics(file: string): Promise<WorkerTopics> {
  const properties = parseProperties(await readFile(file, 'utf8'));
  return {
    configTopic: properties.get('config.storage.topic') ?? null,
    offsetTopic: properties.get('offset.storage.topic') ?? null,
    statusTopic: properties.get('status.storage.topic') ?? null,
  };
}

/** Java properties, as far as the three keys above need: `key=value` or `key: value`, `#`/`!` comments. */
export function parseProperties(text: string): Map<string, string> {
  const properties = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    const match = /^([^=:\s]+)\s*[=:\s]\s*(.*)$/.exec(line);
    if (match) properties.set(match[1]!, match[2]!.trim());
  }
  return properties;
}
