/**
 * Kafka Connect's internal topics (config, offsets, status) hold every connector's configuration, passwords
 * included, in plain text: browsing them would bypass both the Connect cluster's grants and secret masking.
 * Their names come from the workers' agents (read from each worker's properties file) and, as a fallback for
 * workers without an agent, from the CONNECT_INTERNAL_TOPICS deny-list.
 */
import type { AgentClients } from '../clusters/clients';
import { listConnectClusters } from '../clusters/registry';
import type { Db } from '../db';
import type { KafkaRecord } from '../kafka/protocol';
import { maskSecrets, SECRET_MASK } from '../secrets/masking';
import { EnvReader } from '../util/env';

/** The names the local stack, Connect's quickstart and most deployments use. */
export const DEFAULT_CONNECT_INTERNAL_TOPICS = ['connect-configs', 'connect-offsets', 'connect-status'];
const AGENT_TIMEOUT_MS = 2_000;
/** Worker properties change only with a redeploy; asking every agent on every browse would cost a round trip each. */
const CACHE_TTL_MS = 60_000;

export interface ConnectInternalTopicsDeps {
  db: Db;
  agents?: AgentClients;
}

/** CONNECT_INTERNAL_TOPICS: comma-separated topic names, replacing the defaults. */
export function denyListFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = new EnvReader(env).text('CONNECT_INTERNAL_TOPICS', DEFAULT_CONNECT_INTERNAL_TOPICS.join(','));
  return raw.split(',').map((name) => name.trim()).filter(Boolean);
}

export class ConnectInternalTopics {
  readonly #deps: ConnectInternalTopicsDeps;
  readonly #denyList: ReadonlySet<string>;
  readonly #cache = new Map<string, { topics: Promise<Set<string>>; expiresAt: number }>();

  constructor(deps: ConnectInternalTopicsDeps, denyList: readonly string[] = denyListFromEnv()) {
    this.#deps = deps;
    this.#denyList = new Set(denyList);
  }

  /** Whether `topic` on Kafka cluster `kafkaId` is a Connect worker's internal topic. */
  async isInternal(kafkaId: string, topic: string): Promise<boolean> {
    if (this.#denyList.has(topic)) return true;
    return (await this.#reported(kafkaId)).has(topic);
  }

  #reported(kafkaId: string): Promise<Set<string>> {
    const cached = this.#cache.get(kafkaId);
    if (cached && cached.expiresAt > Date.now()) return cached.topics;
    const topics = this.#ask(kafkaId);
    this.#cache.set(kafkaId, { topics, expiresAt: Date.now() + CACHE_TTL_MS });
    return topics;
  }

  /** Every agent of every Connect cluster on this Kafka cluster (or on no named one): an agent that fails adds nothing. */
  async #ask(kafkaId: string): Promise<Set<string>> {
    const agents = this.#deps.agents;
    if (!agents) return new Set();
    const clusters = (await listConnectClusters(this.#deps.db)).filter((cluster) => cluster.kafkaClusterId === kafkaId || cluster.kafkaClusterId === null);
    const clients = clusters.flatMap((cluster) => cluster.workers.map((worker) => agents.get(worker, cluster))).filter((client) => client !== undefined);
    const answers = await Promise.allSettled(clients.map((client) => client.health(AGENT_TIMEOUT_MS)));
    const topics = new Set<string>();
    for (const answer of answers) {
      if (answer.status !== 'fulfilled' || !answer.value.topics) continue;
      for (const name of Object.values(answer.value.topics)) if (name) topics.add(name);
    }
    return topics;
  }
}

/**
 * A record of an internal topic with its secrets hidden, whatever format the browser then decodes it in: values
 * under secret-looking keys, credentials inside URLs, and the workers' session key. Connect writes these topics as
 * JSON; anything that is not JSON is hidden whole (fail closed).
 */
export function maskInternalRecord(record: KafkaRecord): KafkaRecord {
  if (record.value === null) return record;
  const key = record.key?.toString('utf8') ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(record.value.toString('utf8'));
  } catch {
    return { ...record, value: Buffer.from(JSON.stringify(SECRET_MASK)) };
  }
  // The session key signs requests between workers (KIP-507): a secret, whatever its field is called.
  const masked = key.startsWith('session-key') ? SECRET_MASK : scrubUrls(maskSecrets(parsed));
  return { ...record, value: Buffer.from(JSON.stringify(masked)) };
}

/** `scheme://user:password@host` → `scheme://user:********@host`, at any depth. */
function scrubUrls(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)[^@/\s]+@/gi, `$1${SECRET_MASK}@`);
  if (Array.isArray(value)) return value.map(scrubUrls);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubUrls(v)]));
  return value;
}
