// A few KiB of gzip in a topic can expand to gigabytes: the message browser must stop at its decompression cap
// and say so, rather than expand it all in memory.
import kafkajs, { type Admin, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSE_BOUNDS } from '../../server/topics/messages';
import { call, connectTestApp, uniqueName, type ConnectTestContext } from '../support/connect';
import { readStack } from '../stack/index';

const { Kafka, logLevel, CompressionTypes } = kafkajs;
const stack = readStack();

describe.runIf(stack)('decompression bombs in a topic', () => {
  const kafka = new Kafka({ clientId: 'connectory-bomb-test', brokers: stack?.kafka.bootstrap.split(',') ?? [], logLevel: logLevel.NOTHING });
  const topic = uniqueName('bomb');
  let ctx: ConnectTestContext;
  let admin: Admin;
  let producer: Producer;

  beforeAll(async () => {
    ctx = await connectTestApp(stack!);
    admin = kafka.admin();
    producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await producer.send({ topic, compression: CompressionTypes.GZIP, messages: [{ value: 'before the bomb' }] });
    // One gzip batch of a few tens of KiB that expands past the per-batch cap.
    const zeros = Buffer.alloc(BROWSE_BOUNDS.batchDecompressedBytes / 2 + 1024 * 1024);
    await producer.send({ topic, compression: CompressionTypes.GZIP, messages: [{ value: zeros }, { value: zeros }] });
  }, 60_000);

  afterAll(async () => {
    await admin?.deleteTopics({ topics: [topic] }).catch(() => {});
    await Promise.all([producer?.disconnect(), admin?.disconnect()]);
    await ctx?.testApp.close();
  });

  it('shows what comes before the bomb and stops at it, saying why', async () => {
    const answer = await call(ctx.testApp, 'GET', `/api/v1/clusters/local/topics/${topic}/messages?offset=0&limit=10`, ctx.viewer);
    expect(answer.status, JSON.stringify(answer.body).slice(0, 500)).toBe(200);
    expect(answer.body.stoppedBy).toBe('decompressed');
    expect(answer.body.items.map((item: { value: { value: string } }) => item.value.value)).toEqual(['before the bomb']);
    expect(answer.body.partitions[0]).toMatchObject({ partition: 0, nextOffset: 1 });
  });
});
