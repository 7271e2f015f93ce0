// AlterPartitionReassignments, ListPartitionReassignments and ElectLeaders against bytes written out field by field
// from the Kafka protocol spec (all three flexible: compact strings and arrays, tag sections).
import { describe, expect, it } from 'vitest';
import { AlterPartitionReassignments } from '../../../server/kafka/protocol/apis/alter-partition-reassignments';
import { ElectLeaders } from '../../../server/kafka/protocol/apis/elect-leaders';
import { ListPartitionReassignments } from '../../../server/kafka/protocol/apis/list-partition-reassignments';
import { decodeResponse, encodeRequest } from '../../../server/kafka/protocol/header';
import { bytes, utf8 } from './bytes';

const CLIENT_ID = bytes('000a', utf8('connectory'));
function frame(key: string, version: string, correlationId: string, body: Buffer): Buffer {
  const header = bytes(key, version, correlationId, CLIENT_ID, '00');
  const size = Buffer.alloc(4);
  size.writeInt32BE(header.length + body.length);
  return bytes(size, header, body);
}
/** A flexible response: correlation id and an empty header tag section before the body. */
const response = (...body: (string | Buffer)[]) => bytes('00000009', '00', ...body);

describe('AlterPartitionReassignments v0', () => {
  it('encodes a move to new replicas and a cancel (null replicas)', () => {
    const request = { timeoutMs: 30_000, topics: [{ name: 'orders', partitions: [{ partition: 0, replicas: [2, 3] }, { partition: 1, replicas: null }] }] };
    const body = bytes('00007530', '02', '07', utf8('orders'), '03', '00000000', '03', '00000002', '00000003', '00', '00000001', '00', '00', '00', '00');
    expect(encodeRequest(AlterPartitionReassignments, 0, 9, 'connectory', request)).toEqual(frame('002d', '0000', '00000009', body));
  });

  it('decodes the request error and each partition’s result', () => {
    const payload = response(
      '00000000', '0000', '00',
      '02', '07', utf8('orders'), '03',
      '00000000', '0000', '00', '00',
      '00000001', '0055', '0f', utf8('no move here.!'), '00',
      '00', '00',
    );
    expect(decodeResponse(AlterPartitionReassignments, 0, payload)).toEqual({
      errorCode: 0,
      errorMessage: null,
      results: [
        { topic: 'orders', partition: 0, errorCode: 0, errorMessage: null },
        { topic: 'orders', partition: 1, errorCode: 85, errorMessage: 'no move here.!' },
      ],
    });
  });
});

describe('ListPartitionReassignments v0', () => {
  it('encodes all topics as a null array, or named partitions', () => {
    expect(encodeRequest(ListPartitionReassignments, 0, 9, 'connectory', { timeoutMs: 1_000, topics: null })).toEqual(frame('002e', '0000', '00000009', bytes('000003e8', '00', '00')));
    const named = bytes('000003e8', '02', '02', utf8('t'), '02', '00000004', '00', '00');
    expect(encodeRequest(ListPartitionReassignments, 0, 9, 'connectory', { timeoutMs: 1_000, topics: [{ name: 't', partitions: [4] }] })).toEqual(frame('002e', '0000', '00000009', named));
  });

  it('decodes replicas, adding and removing replicas per partition', () => {
    const payload = response(
      '00000000', '0000', '00',
      '02', '02', utf8('t'), '02',
      '00000004', '04', '00000001', '00000002', '00000003', '02', '00000003', '02', '00000001', '00',
      '00', '00',
    );
    expect(decodeResponse(ListPartitionReassignments, 0, payload)).toEqual({
      errorCode: 0,
      errorMessage: null,
      reassignments: [{ topic: 't', partition: 4, replicas: [1, 2, 3], addingReplicas: [3], removingReplicas: [1] }],
    });
  });
});

describe('ElectLeaders v2', () => {
  it('encodes a preferred election of named partitions', () => {
    const body = bytes('00', '02', '02', utf8('t'), '03', '00000000', '00000001', '00', '00002710', '00');
    expect(encodeRequest(ElectLeaders, 2, 9, 'connectory', { electionType: 'preferred', topics: [{ name: 't', partitions: [0, 1] }], timeoutMs: 10_000 })).toEqual(frame('002b', '0002', '00000009', body));
  });

  it('decodes each partition’s result, ELECTION_NOT_NEEDED included', () => {
    const payload = response('00000000', '0000', '02', '02', utf8('t'), '02', '00000000', '0054', '00', '00', '00', '00');
    expect(decodeResponse(ElectLeaders, 2, payload)).toEqual({ errorCode: 0, results: [{ topic: 't', partition: 0, errorCode: 84, errorMessage: null }] });
  });
});
