/**
 * Preferred leader election (ElectLeaders) for one topic or the whole cluster: each partition's first replica leads
 * again, e.g. after a broker restart left leadership piled on the others. The answer says per partition what happened.
 */
import { recordAudit, type AuditActor } from '../audit/record';
import type { Db } from '../db';
import { ApiError } from '../http/errors';
import type { KafkaClient } from '../kafka/client';
import { checkErrorCode, ELECTION_NOT_NEEDED, kafkaErrorName } from '../kafka/protocol';

export type ElectionOutcome = 'elected' | 'not-needed' | 'failed';

export interface ElectionReport {
  elected: number;
  notNeeded: number;
  failed: number;
  results: { topic: string; partition: number; outcome: ElectionOutcome; error?: string }[];
}

const TIMEOUT_MS = 30_000;

export async function electPreferredLeaders(db: Db, kafka: KafkaClient, kafkaId: string, target: { topic?: string }, who: AuditActor): Promise<ElectionReport> {
  let topics: { name: string; partitions: number[] }[] | null = null;
  if (target.topic !== undefined) {
    const [described] = (await kafka.metadata([target.topic])).topics;
    if (!described || described.errorCode !== 0) throw ApiError.notFound(`topic "${target.topic}" does not exist on Kafka cluster "${kafkaId}"`);
    topics = [{ name: target.topic, partitions: described.partitions.map((p) => p.partition).sort((a, b) => a - b) }];
  }
  const answer = await kafka.electLeaders({ electionType: 'preferred', topics, timeoutMs: TIMEOUT_MS });
  checkErrorCode(answer.errorCode, 'preferred leader election');
  const results = answer.results
    .map((r) => {
      const outcome: ElectionOutcome = r.errorCode === 0 ? 'elected' : r.errorCode === ELECTION_NOT_NEEDED ? 'not-needed' : 'failed';
      return { topic: r.topic, partition: r.partition, outcome, ...(outcome === 'failed' ? { error: r.errorMessage ?? kafkaErrorName(r.errorCode) } : {}) };
    })
    .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  const count = (outcome: ElectionOutcome) => results.filter((r) => r.outcome === outcome).length;
  const report = { elected: count('elected'), notNeeded: count('not-needed'), failed: count('failed'), results };
  await recordAudit(db, who, {
    action: 'rebalance.elect-leaders',
    clusterId: kafkaId,
    objectType: target.topic === undefined ? 'kafka-cluster' : 'topic',
    objectId: target.topic ?? kafkaId,
    outcome: report.failed > 0 ? 'failure' : 'success',
    details: { elected: report.elected, notNeeded: report.notNeeded, failed: report.failed },
  });
  return report;
}
