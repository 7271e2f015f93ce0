import type { KafkaApi } from '../api';

export interface ClassicMember {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  /** The consumer protocol's assignment bytes (see consumer-protocol.ts); empty while rebalancing. */
  assignment: Buffer;
}

export interface DescribedClassicGroup {
  groupId: string;
  errorCode: number;
  state: string;
  protocolType: string;
  /** The assignor of a consumer group (range, cooperative-sticky…). */
  protocol: string;
  members: ClassicMember[];
}

/**
 * DescribeGroups (key 15) v5: many groups per request, all coordinated by the receiving broker. Classic groups
 * only: Kafka 4 answers "Dead" with no members for a KIP-848 group (see consumer-group-describe.ts).
 */
export const DescribeGroups: KafkaApi<{ groupIds: string[] }, DescribedClassicGroup[]> = {
  key: 15,
  name: 'DescribeGroups',
  minVersion: 5,
  maxVersion: 5,
  flexibleFrom: 5,
  encode(writer, { groupIds }) {
    writer.array(groupIds, (groupId) => writer.string(groupId));
    writer.boolean(false); // include_authorized_operations
    writer.tags();
  },
  decode(reader) {
    reader.int32(); // throttle_time_ms
    return reader.array((g) => {
      const errorCode = g.int16();
      const groupId = g.string();
      const state = g.string();
      const protocolType = g.string();
      const protocol = g.string();
      const members = g.array((m) => {
        const memberId = m.string();
        const groupInstanceId = m.nullableString();
        const clientId = m.string();
        const clientHost = m.string();
        m.nullableBytes(); // member_metadata (the subscription)
        const assignment = m.nullableBytes() ?? Buffer.alloc(0);
        m.tags();
        return { memberId, groupInstanceId, clientId, clientHost, assignment };
      });
      g.int32(); // authorized_operations
      g.tags();
      return { groupId, errorCode, state, protocolType, protocol, members };
    });
  },
};
