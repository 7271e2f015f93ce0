// The consumer-groups part of the server's public API (/api/v1/clusters/{kafkaId}/consumer-groups...).
import { del, get, post } from '../lib/api';

/** Burrow-style evaluation of a group's lag over the last hour (see server/consumer-groups). */
export type LagStatus = 'OK' | 'WARN' | 'ERR' | 'STOP' | 'STALL' | 'REWIND';

export const LAG_STATUSES: LagStatus[] = ['OK', 'WARN', 'STALL', 'REWIND', 'STOP', 'ERR'];

export interface GroupSummary {
  groupId: string;
  state: string;
  /** 'classic', or 'consumer' for KIP-848 groups. */
  protocol: string;
  /** null when the group could not be described. */
  members: number | null;
  topics: string[];
  lag: number | null;
  status: LagStatus;
  cmps: number | null;
  produceRate: number | null;
  coordinator: number;
  /** Why part of this group's data is missing or stale. */
  error?: string;
}

export interface GroupPage {
  items: GroupSummary[];
  total: number;
  sampledAt: string;
  /** Brokers or groups the latest sample could not read: the list is partial. */
  sampleErrors: string[];
}

export interface GroupQuery {
  q: string;
  state: string;
  status: string;
  page: number;
  size: number;
}

export interface MemberAssignment {
  topic: string;
  partitions: number[];
}

export interface GroupMember {
  memberId: string;
  clientId: string;
  host: string;
  instanceId: string | null;
  assignment: MemberAssignment[];
}

export interface PartitionLag {
  topic: string;
  partition: number;
  committedOffset: number | null;
  logEndOffset: number | null;
  lag: number | null;
  status: LagStatus;
  /** Client id of the member that owns the partition. */
  owner: string | null;
}

export interface LagPoint {
  at: string;
  lag: number | null;
  cmps: number | null;
  produceRate: number | null;
}

export interface GroupDetail {
  groupId: string;
  state: string;
  protocol: string;
  /** 'consumer' for consumer groups, '' for a group that only holds offsets. */
  protocolType: string;
  assignor: string;
  coordinator: number;
  members: GroupMember[];
  partitions: PartitionLag[];
  status: LagStatus;
  lag: number | null;
  cmps: number | null;
  produceRate: number | null;
  /** Up to the last hour, one point per sample, oldest first. */
  series: LagPoint[];
  /** When the sample behind status, rates and series was taken; null before the first. */
  sampledAt: string | null;
}

export type ResetTarget = 'earliest' | 'latest' | 'timestamp' | 'shift';

export interface ResetRequest {
  topic?: string;
  to: ResetTarget;
  timestamp?: string;
  shift?: number;
  dryRun: boolean;
}

export interface ResetPreviewRow {
  topic: string;
  partition: number;
  current: number | null;
  target: number;
}

export interface ResetAnswer {
  groupId: string;
  dryRun: boolean;
  applied: boolean;
  partitions: ResetPreviewRow[];
}

const groupsPath = (kafkaId: string) => `/api/v1/clusters/${encodeURIComponent(kafkaId)}/consumer-groups`;
const groupPath = (kafkaId: string, groupId: string) => `${groupsPath(kafkaId)}/${encodeURIComponent(groupId)}`;

export function listGroups(kafkaId: string, query: GroupQuery, signal?: AbortSignal): Promise<GroupPage> {
  return get<GroupPage>(groupsPath(kafkaId), {
    signal,
    query: {
      q: query.q.trim() || undefined,
      state: query.state || undefined,
      status: query.status || undefined,
      page: query.page,
      size: query.size,
    },
  });
}

export const getGroup = (kafkaId: string, groupId: string, signal?: AbortSignal) =>
  get<GroupDetail>(groupPath(kafkaId, groupId), { signal });

export const resetOffsets = (kafkaId: string, groupId: string, request: ResetRequest) =>
  post<ResetAnswer>(`${groupPath(kafkaId, groupId)}/reset-offsets`, request);

export const deleteGroup = (kafkaId: string, groupId: string) => del<void>(groupPath(kafkaId, groupId));

export const groupHref = (kafkaId: string, groupId: string) =>
  `/consumer-groups/${encodeURIComponent(kafkaId)}/${encodeURIComponent(groupId)}`;

/** Offsets can be reset, and a group deleted, only while no consumer is in it. */
export function isInactive(state: string): boolean {
  return ['empty', 'dead'].includes(state.toLowerCase());
}
