import type { KafkaApi } from '../api';

export interface ListedGroup {
  groupId: string;
  /** `consumer` for consumer groups, `connect` for Connect workers, '' for groups that only hold offsets. */
  protocolType: string;
  /** Kafka's state name: Stable, Empty, PreparingRebalance… (classic) or KIP-848's Stable, Empty, Assigning… */
  state: string;
  /** classic, consumer (KIP-848), share, streams; null from brokers before ListGroups v5 (Kafka < 3.8). */
  type: string | null;
}

export interface ListGroupsResponse {
  errorCode: number;
  groups: ListedGroup[];
}

/**
 * ListGroups (key 16) v4–v5: every group the receiving broker coordinates, with its state (v4) and type (v5).
 * kafkajs asks v2, which has neither, and cannot tell a KIP-848 group from a classic one.
 */
export const ListGroups: KafkaApi<Record<string, never>, ListGroupsResponse> = {
  key: 16,
  name: 'ListGroups',
  minVersion: 4,
  maxVersion: 5,
  flexibleFrom: 3,
  encode(writer, _request, version) {
    writer.array([], () => {}); // states_filter: all
    if (version >= 5) writer.array([], () => {}); // types_filter: all
    writer.tags();
  },
  decode(reader, version) {
    reader.int32(); // throttle_time_ms
    const errorCode = reader.int16();
    const groups = reader.array((r) => {
      const group: ListedGroup = {
        groupId: r.string(),
        protocolType: r.string(),
        state: r.string(),
        type: version >= 5 ? r.string() : null,
      };
      r.tags();
      return group;
    });
    return { errorCode, groups };
  },
};
