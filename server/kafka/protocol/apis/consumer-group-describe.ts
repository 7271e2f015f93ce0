import type { KafkaApi } from '../api';
import type { Reader } from '../codec/reader';

export interface TopicPartitions {
  topic: string;
  partitions: number[];
}

export interface ConsumerProtocolMember {
  memberId: string;
  instanceId: string | null;
  clientId: string;
  clientHost: string;
  memberEpoch: number;
  subscribedTopics: string[];
  assignment: TopicPartitions[];
}

export interface DescribedConsumerGroup {
  groupId: string;
  errorCode: number;
  errorMessage: string | null;
  state: string;
  assignor: string;
  members: ConsumerProtocolMember[];
}

function readAssignment(reader: Reader): TopicPartitions[] {
  const topics = reader.array((t) => {
    t.uuid(); // topic_id
    const topic = t.string();
    const partitions = t.int32Array();
    t.tags();
    return { topic, partitions };
  });
  reader.tags();
  return topics;
}

/**
 * ConsumerGroupDescribe (key 69) v0 (KIP-848, Kafka 4.0+): groups of the new consumer protocol, with each
 * member's assignment. kafkajs cannot describe these groups and DescribeGroups reports them as Dead.
 */
export const ConsumerGroupDescribe: KafkaApi<{ groupIds: string[] }, DescribedConsumerGroup[]> = {
  key: 69,
  name: 'ConsumerGroupDescribe',
  minVersion: 0,
  maxVersion: 0,
  flexibleFrom: 0,
  encode(writer, { groupIds }) {
    writer.array(groupIds, (groupId) => writer.string(groupId));
    writer.boolean(false); // include_authorized_operations
    writer.tags();
  },
  decode(reader) {
    reader.int32(); // throttle_time_ms
    return reader.array((g) => {
      const errorCode = g.int16();
      const errorMessage = g.nullableString();
      const groupId = g.string();
      const state = g.string();
      g.int32(); // group_epoch
      g.int32(); // assignment_epoch
      const assignor = g.string();
      const members = g.array((m) => {
        const memberId = m.string();
        const instanceId = m.nullableString();
        m.nullableString(); // rack_id
        const memberEpoch = m.int32();
        const clientId = m.string();
        const clientHost = m.string();
        const subscribedTopics = m.array((t) => t.string());
        m.nullableString(); // subscribed_topic_regex
        const assignment = readAssignment(m);
        readAssignment(m); // target_assignment
        m.tags();
        return { memberId, instanceId, clientId, clientHost, memberEpoch, subscribedTopics, assignment };
      });
      g.int32(); // authorized_operations
      g.tags();
      return { groupId, errorCode, errorMessage, state, assignor, members };
    });
  },
};
