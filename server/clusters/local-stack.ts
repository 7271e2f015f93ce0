import { readFile } from 'node:fs/promises';
import { and, eq, notInArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit, SYSTEM_ACTOR } from '../audit/record';
import type { Db } from '../db';
import { connectClusters, connectWorkers, kafkaClusters, schemaRegistries } from '../db/tables';
import type { SecretBox } from '../secrets/secret-box';

export const LOCAL_CLUSTER_ID = 'local';
export const LEGACY_CLUSTER_ID = 'legacy';

/**
 * The part of test/stack's `.stack/stack.json` (StackInfo) the server needs. Declared here rather than imported
 * so the server does not depend on test code, and validated because it is a file on disk.
 */
export const LocalStackSchema = z.object({
  /** One or more `host:port`, comma separated. */
  kafka: z.object({ bootstrap: z.string().regex(/^\s*[^,\s]+:\d+\s*(,\s*[^,\s]+:\d+\s*)*$/, 'must be host:port[,host:port…]') }),
  connect: z.object({
    workers: z.array(z.object({ url: z.url(), agentUrl: z.url().optional() })).min(1),
    agentToken: z.string().optional(),
  }),
  /** Apicurio Registry in stacks that run one; registered as schema registry `local`, linked to Kafka `local`. */
  schemaRegistry: z.object({ url: z.url() }).optional(),
  /** The older Kafka cluster the demo starts as a migration source; registered as Kafka cluster `legacy`. */
  legacyKafka: z.object({ bootstrap: z.string().regex(/^\s*[^,\s]+:\d+\s*(,\s*[^,\s]+:\d+\s*)*$/, 'must be host:port[,host:port…]') }).optional(),
});
export type LocalStack = z.infer<typeof LocalStackSchema>;

export async function readLocalStackFile(path: string): Promise<LocalStack> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`Local stack file ${path}: cannot be read (${(error as Error).message})`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`Local stack file ${path}: not valid JSON`, { cause: error });
  }
  const parsed = LocalStackSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`Local stack file ${path}: "${issue.path.join('.')}" ${issue.message}`);
  }
  return parsed.data;
}

/**
 * Registers the local stack's Kafka cluster and Connect cluster under the id `local`, replacing what an earlier
 * start registered (the stack picks new ports every time it starts).
 */
export async function registerLocalStack(db: Db, stack: LocalStack, secrets: SecretBox, options: { legacy?: boolean } = {}): Promise<void> {
  // only when asked (the demo): tests and other servers on the same stack see just `local`
  const legacy = options.legacy ? stack.legacyKafka : undefined;
  const now = sql`now()`;
  const bootstrapServers = stack.kafka.bootstrap.split(',').map((server) => server.trim()).filter(Boolean);
  const agentTokenEnc = stack.connect.agentToken ? secrets.encrypt(stack.connect.agentToken) : null;
  await db.transaction(async (tx) => {
    await tx
      .insert(kafkaClusters)
      .values({ id: LOCAL_CLUSTER_ID, name: 'Local stack', bootstrapServers })
      .onConflictDoUpdate({
        target: kafkaClusters.id,
        set: { bootstrapServers, tls: null, sasl: null, updatedAt: now },
      });
    await tx
      .insert(connectClusters)
      .values({ id: LOCAL_CLUSTER_ID, name: 'Local stack', kafkaClusterId: LOCAL_CLUSTER_ID })
      .onConflictDoUpdate({
        target: connectClusters.id,
        set: { kafkaClusterId: LOCAL_CLUSTER_ID, auth: null, tls: null, updatedAt: now },
      });
    const urls = stack.connect.workers.map((worker) => worker.url);
    await tx
      .delete(connectWorkers)
      .where(and(eq(connectWorkers.connectClusterId, LOCAL_CLUSTER_ID), notInArray(connectWorkers.url, urls)));
    for (const worker of stack.connect.workers) {
      const values = { url: worker.url, agentUrl: worker.agentUrl ?? null, agentTokenEnc: worker.agentUrl ? agentTokenEnc : null };
      await tx
        .insert(connectWorkers)
        .values({ connectClusterId: LOCAL_CLUSTER_ID, ...values })
        .onConflictDoUpdate({ target: [connectWorkers.connectClusterId, connectWorkers.url], set: values });
    }
    if (stack.schemaRegistry) {
      // the stack runs Apicurio: its Confluent-compatible API is under /apis/ccompat/v7
      const url = `${stack.schemaRegistry.url.replace(/\/+$/, '')}/apis/ccompat/v7`;
      await tx
        .insert(schemaRegistries)
        .values({ id: LOCAL_CLUSTER_ID, name: 'Local stack (Apicurio)', url, kafkaClusterId: LOCAL_CLUSTER_ID })
        .onConflictDoUpdate({ target: schemaRegistries.id, set: { url, kafkaClusterId: LOCAL_CLUSTER_ID, auth: null, tls: null, updatedAt: now } });
    }
    if (legacy) {
      const legacyServers = legacy.bootstrap.split(',').map((server) => server.trim()).filter(Boolean);
      await tx
        .insert(kafkaClusters)
        .values({ id: LEGACY_CLUSTER_ID, name: 'Legacy cluster (migration source)', bootstrapServers: legacyServers })
        .onConflictDoUpdate({ target: kafkaClusters.id, set: { bootstrapServers: legacyServers, tls: null, sasl: null, updatedAt: now } });
    }
    await recordAudit(tx, SYSTEM_ACTOR, {
      action: 'cluster.register',
      clusterId: LOCAL_CLUSTER_ID,
      objectType: 'cluster',
      objectId: LOCAL_CLUSTER_ID,
      details: { source: 'local stack', bootstrapServers, workers: urls, ...(stack.schemaRegistry ? { schemaRegistry: stack.schemaRegistry.url } : {}), ...(legacy ? { legacy: legacy.bootstrap } : {}) },
    });
  });
}
