import type { KafkaApi } from '../api';

/** The KRaft metadata log: its leader is the active controller. */
export const METADATA_TOPIC = '__cluster_metadata';

export interface DescribeQuorumResponse {
  errorCode: number;
  /** -1 when the quorum has no leader. */
  leaderId: number;
  leaderEpoch: number;
  voters: number[];
}

/**
 * DescribeQuorum (key 55) v0–v1, KRaft only: which node is the active controller. Metadata's controller id cannot
 * say: in KRaft mode it names a random broker, because clients never talk to controllers directly.
 */
export const DescribeQuorum: KafkaApi<Record<string, never>, DescribeQuorumResponse> = {
  key: 55,
  name: 'DescribeQuorum',
  minVersion: 0,
  maxVersion: 1,
  flexibleFrom: 0,
  encode(writer) {
    writer.array([METADATA_TOPIC], (topic) => writer.string(topic).array([0], (partition) => writer.int32(partition).tags()).tags());
    writer.tags();
  },
  decode(reader, version) {
    const topLevelError = reader.int16();
    const [partition] = reader.array((r) => {
      r.string(); // topic name
      const partitions = r.array((p) => {
        p.int32(); // partition index
        const errorCode = p.int16();
        const leaderId = p.int32();
        const leaderEpoch = p.int32();
        p.int64(); // high watermark
        const replica = () => {
          const id = p.int32();
          p.int64(); // log end offset
          if (version >= 1) {
            p.int64(); // last fetch timestamp
            p.int64(); // last caught-up timestamp
          }
          p.tags();
          return id;
        };
        const voters = p.array(replica);
        p.array(replica); // observers
        p.tags();
        return { errorCode, leaderId, leaderEpoch, voters };
      });
      r.tags();
      return partitions[0];
    });
    const result = partition ?? { errorCode: topLevelError, leaderId: -1, leaderEpoch: -1, voters: [] };
    return { ...result, errorCode: topLevelError || result.errorCode };
  },
};
