import type { ClusterMetrics, GroupMetrics } from '../metrics/history';
import type { GroupListQuery, GroupSummary } from './schema';

export interface GroupPage {
  items: GroupSummary[];
  total: number;
  sampledAt: string;
  sampleErrors: string[];
}

/** Filters and pages the sampler's view of a cluster's groups: no Kafka request, whatever the group count. */
export function groupPage(metrics: ClusterMetrics, query: GroupListQuery): GroupPage {
  const matching = [...metrics.groups.values()].filter(matcher(query)).sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));
  const start = (query.page - 1) * query.size;
  return {
    items: matching.slice(start, start + query.size).map(groupSummary),
    total: matching.length,
    sampledAt: new Date(metrics.at).toISOString(),
    sampleErrors: metrics.sample.errors,
  };
}

function matcher(query: GroupListQuery): (group: GroupMetrics) => boolean {
  const text = query.q?.toLowerCase();
  const states = query.state?.length ? new Set(query.state.map((state) => state.toLowerCase())) : undefined;
  const statuses = query.status?.length ? new Set(query.status) : undefined;
  return (group) =>
    (!text || group.groupId.toLowerCase().includes(text)) &&
    (!states || states.has(group.state.toLowerCase())) &&
    (!statuses || statuses.has(group.status));
}

export function groupSummary(group: GroupMetrics): GroupSummary {
  const summary: GroupSummary = {
    groupId: group.groupId,
    state: group.state,
    protocol: group.protocol,
    members: group.members,
    topics: group.topics,
    lag: group.lag,
    status: group.status,
    cmps: group.cmps,
    produceRate: group.produceRate,
    coordinator: group.coordinatorId,
  };
  if (group.error) summary.error = group.error;
  return summary;
}
