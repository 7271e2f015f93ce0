// The consumer-groups part of the server's public API (/api/v1/clusters/{kafkaId}/consumer-groups...).
import { del, get, post } from '../lib/api';
import type { GroupDetail, GroupHistory, GroupPage, HistoryRange, LagStatus, ResetAnswer, ResetRequest } from '../api/types';
export type { GroupDetail, GroupHistory, GroupMember, HistoryPeak, HistoryRange, GroupPage, GroupSummary, LagPoint, LagStatus, MemberAssignment, PartitionLag, ResetAnswer, ResetPreviewRow, ResetRequest, ResetTarget } from '../api/types';

export const LAG_STATUSES: LagStatus[] = ['OK', 'WARN', 'STALL', 'REWIND', 'STOP', 'ERR'];

export interface GroupQuery {
  q: string;
  state: string;
  status: string;
  page: number;
  size: number;
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

/** The group's stored lag and rates (10 s points for an hour, 1 min for a day, 10 min beyond). */
export const getGroupHistory = (kafkaId: string, groupId: string, range: HistoryRange, signal?: AbortSignal) =>
  get<GroupHistory>(`${groupPath(kafkaId, groupId)}/history`, { signal, query: { range } });

export const resetOffsets = (kafkaId: string, groupId: string, request: ResetRequest) =>
  post<ResetAnswer>(`${groupPath(kafkaId, groupId)}/reset-offsets`, request);

export const deleteGroup = (kafkaId: string, groupId: string) => del<void>(groupPath(kafkaId, groupId));

export const groupHref = (kafkaId: string, groupId: string) =>
  `/consumer-groups/${encodeURIComponent(kafkaId)}/${encodeURIComponent(groupId)}`;

/** Offsets can be reset, and a group deleted, only while no consumer is in it. */
export function isInactive(state: string): boolean {
  return ['empty', 'dead'].includes(state.toLowerCase());
}
