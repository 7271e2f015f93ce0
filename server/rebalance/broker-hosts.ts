/**
 * The brokers' hosts as the planner needs them: each broker's disk capacity (the operator's number, else the disk
 * the plugin agent beside the broker reports, else the log dirs' volume size from DescribeLogDirs), and the host's
 * health from that agent (disk, memory, load; it answers even when the broker process is down).
 */
import { and, eq } from 'drizzle-orm';
import type { NodeHealth } from '../../plugins/agent/node-health';
import type { AuditActor } from '../audit/record';
import { recordAudit } from '../audit/record';
import type { Db } from '../db';
import { brokerHosts } from '../db/tables';
import { AgentClient } from '../delivery/agent-client';
import { ApiError } from '../http/errors';
import type { KafkaClient } from '../kafka/client';
import { SECRET_MASK } from '../secrets/masking';
import type { SecretBox } from '../secrets/secret-box';
import { messageOf } from '../util/errors';

export type CapacitySource = 'operator' | 'agent' | 'kafka';

export interface BrokerHostView {
  id: number;
  /** Whether the cluster lists this broker now (a stored host may belong to a broker that is down or gone). */
  registered: boolean;
  rack: string | null;
  capacityBytes: number | null;
  capacitySource: CapacitySource | null;
  operatorCapacityBytes: number | null;
  kafkaCapacityBytes: number | null;
  agentUrl: string | null;
  agentToken: string | null;
  node: NodeHealth | null;
  nodeError?: string;
}

interface Deps {
  db: Db;
  secrets: SecretBox;
}

const AGENT_TIMEOUT_MS = 3_000;

type Row = typeof brokerHosts.$inferSelect;

async function agentHealth(deps: Deps, row: Row): Promise<{ node: NodeHealth | null; nodeError?: string }> {
  if (!row.agentUrl || !row.agentTokenEnc) return { node: null };
  try {
    const client = new AgentClient({ url: row.agentUrl, token: deps.secrets.decrypt(row.agentTokenEnc) });
    return { node: (await client.health(AGENT_TIMEOUT_MS)).node };
  } catch (error) {
    return { node: null, nodeError: messageOf(error) };
  }
}

/** Log dir volume sizes per broker (Kafka 3.3+; null before). No partitions asked: the answer stays small. */
async function kafkaCapacities(kafka: KafkaClient, ids: number[]): Promise<Map<number, number | null>> {
  const sizes = await Promise.all(
    ids.map(async (id) => {
      const { logDirs } = await kafka.describeLogDirs(id, { topics: [] }).catch(() => ({ logDirs: [] }));
      const ok = logDirs.filter((dir) => dir.errorCode === 0);
      return ok.length > 0 && ok.every((dir) => dir.totalBytes !== null) ? ok.reduce((sum, dir) => sum + dir.totalBytes!, 0) : null;
    }),
  );
  return new Map(ids.map((id, i) => [id, sizes[i]!]));
}

/** Every broker of the cluster and every stored host, with its capacity and (when an agent is set) the host's health. */
export async function listBrokerHosts(deps: Deps, kafka: KafkaClient, kafkaId: string): Promise<BrokerHostView[]> {
  const [metadata, rows] = await Promise.all([kafka.metadata([]), deps.db.select().from(brokerHosts).where(eq(brokerHosts.kafkaClusterId, kafkaId))]);
  const racks = new Map(metadata.brokers.map((b) => [b.nodeId, b.rack]));
  const stored = new Map(rows.map((row) => [row.brokerId, row]));
  const ids = [...new Set([...racks.keys(), ...stored.keys()])].sort((a, b) => a - b);
  const [fromKafka, health] = await Promise.all([
    kafkaCapacities(kafka, [...racks.keys()]),
    Promise.all(ids.map((id): Promise<{ node: NodeHealth | null; nodeError?: string }> => (stored.has(id) ? agentHealth(deps, stored.get(id)!) : Promise.resolve({ node: null })))),
  ]);
  return ids.map((id, i) => {
    const row = stored.get(id);
    const { node, nodeError } = health[i]!;
    const kafkaBytes = fromKafka.get(id) ?? null;
    const [capacityBytes, capacitySource]: [number | null, CapacitySource | null] =
      row?.capacityBytes != null ? [row.capacityBytes, 'operator'] : node ? [node.disk.totalBytes, 'agent'] : kafkaBytes !== null ? [kafkaBytes, 'kafka'] : [null, null];
    return {
      id,
      registered: racks.has(id),
      rack: racks.get(id) ?? null,
      capacityBytes,
      capacitySource,
      operatorCapacityBytes: row?.capacityBytes ?? null,
      kafkaCapacityBytes: kafkaBytes,
      agentUrl: row?.agentUrl ?? null,
      agentToken: row?.agentTokenEnc ? SECRET_MASK : null,
      node,
      ...(nodeError ? { nodeError } : {}),
    };
  });
}

/** Capacities the planner uses instead of the log dirs' volume size: the operator's numbers and the agents' disks. */
export async function capacityOverrides(deps: Deps, kafkaId: string): Promise<Map<number, number>> {
  const rows = await deps.db.select().from(brokerHosts).where(eq(brokerHosts.kafkaClusterId, kafkaId));
  const overrides = new Map<number, number>();
  await Promise.all(
    rows.map(async (row) => {
      if (row.capacityBytes != null) return void overrides.set(row.brokerId, row.capacityBytes);
      const { node } = await agentHealth(deps, row);
      if (node) overrides.set(row.brokerId, node.disk.totalBytes);
    }),
  );
  return overrides;
}

export interface BrokerHostInput {
  capacityBytes: number | null;
  agentUrl: string | null;
  agentToken?: string;
}

/** Sets (or, with nothing left in it, removes) a broker's host settings. */
export async function saveBrokerHost(deps: Deps, kafkaId: string, brokerId: number, input: BrokerHostInput, who: AuditActor): Promise<void> {
  const where = and(eq(brokerHosts.kafkaClusterId, kafkaId), eq(brokerHosts.brokerId, brokerId));
  const [existing] = await deps.db.select().from(brokerHosts).where(where);
  let agentTokenEnc: string | null = null;
  if (input.agentUrl) {
    if (!input.agentToken) throw ApiError.badRequest('an agent needs its bearer token', 'agentToken');
    if (input.agentToken !== SECRET_MASK) agentTokenEnc = deps.secrets.encrypt(input.agentToken);
    else if (existing?.agentTokenEnc) agentTokenEnc = existing.agentTokenEnc;
    else throw ApiError.badRequest(`"agentToken" holds the mask ${SECRET_MASK} but no token is stored: send the real one`, 'agentToken');
  }
  await deps.db.transaction(async (tx) => {
    if (input.capacityBytes === null && input.agentUrl === null) await tx.delete(brokerHosts).where(where);
    else {
      const values = { capacityBytes: input.capacityBytes, agentUrl: input.agentUrl, agentTokenEnc, updatedAt: new Date() };
      await tx.insert(brokerHosts).values({ kafkaClusterId: kafkaId, brokerId, ...values }).onConflictDoUpdate({ target: [brokerHosts.kafkaClusterId, brokerHosts.brokerId], set: values });
    }
    await recordAudit(tx, who, {
      action: 'rebalance.broker-host',
      clusterId: kafkaId,
      objectType: 'broker',
      objectId: String(brokerId),
      details: { capacityBytes: input.capacityBytes, agentUrl: input.agentUrl },
    });
  });
}
