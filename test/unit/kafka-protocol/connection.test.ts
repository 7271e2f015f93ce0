// BrokerConnection and KafkaProtocolClient against a fake broker on loopback: framing, version negotiation,
// SASL, pipelining, timeouts and failure messages, without a real Kafka.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { KafkaClusterError, KafkaProtocolClient } from '../../../server/kafka/protocol';
import { Metadata } from '../../../server/kafka/protocol/apis/metadata';
import { Reader } from '../../../server/kafka/protocol/codec/reader';
import { Writer } from '../../../server/kafka/protocol/codec/writer';
import { BrokerConnection, KafkaConnectionError } from '../../../server/kafka/protocol/connection';
import { waitFor } from '../../support/wait';

interface Received {
  apiKey: number;
  version: number;
  correlationId: number;
  clientId: string;
  body: Reader;
}

interface FakeBrokerOptions {
  /** Only ApiVersions v0–v2, like a broker older than Kafka 2.4. */
  oldApiVersions?: boolean;
  /** Write every response one byte at a time. */
  trickle?: boolean;
  /** Metadata requests get no answer. */
  silentMetadata?: boolean;
  saslAuthError?: string;
  /** Serve TLS with this key and certificate. */
  tls?: { key: Buffer; cert: Buffer };
}

/** A loopback server that answers just enough of the protocol, recording what it was sent. */
async function fakeBroker(options: FakeBrokerOptions = {}) {
  const received: Received[] = [];
  const saslMessages: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const serve = (socket: net.Socket) => {
    sockets.add(socket);
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 4 && buffered.length >= 4 + buffered.readInt32BE(0)) {
        const frame = buffered.subarray(4, 4 + buffered.readInt32BE(0));
        buffered = buffered.subarray(4 + frame.length);
        const reader = new Reader(frame, false);
        const request = { apiKey: reader.int16(), version: reader.int16(), correlationId: reader.int32(), clientId: reader.string(), body: reader };
        received.push(request);
        const response = answer(request);
        if (response) send(socket, request.correlationId, response);
      }
    });
  };
  const server = options.tls ? tls.createServer(options.tls, serve) : net.createServer(serve);

  function answer(request: Received): { flexibleHeader: boolean; body: Buffer } | undefined {
    switch (request.apiKey) {
      case 18: {
        if (options.oldApiVersions && request.version >= 3) {
          const w = new Writer(false).int16(35);
          return { flexibleHeader: false, body: w.array([[18, 0, 2]], ([key, min, max]) => w.int16(key!).int16(min!).int16(max!)).toBuffer() };
        }
        const flexible = request.version >= 3;
        const keys: [number, number, number][] = [[18, 0, options.oldApiVersions ? 2 : 3], [3, 0, 12], [17, 0, 1], [36, 0, 2]];
        const w = new Writer(flexible).int16(0);
        w.array(keys, ([key, min, max]) => w.int16(key).int16(min).int16(max).tags());
        if (request.version >= 1) w.int32(0);
        return { flexibleHeader: false, body: w.tags().toBuffer() };
      }
      case 17:
      {
        const w = new Writer(false).int16(0);
        return { flexibleHeader: false, body: w.array(['PLAIN'], (mechanism) => w.string(mechanism)).toBuffer() };
      }
      case 36: {
        const body = request.body.withFlexible(true);
        body.tags(); // request header v2's tag section
        saslMessages.push(body.bytes());
        const w = new Writer(true).int16(options.saslAuthError ? 58 : 0).nullableString(options.saslAuthError ?? null).bytes(Buffer.alloc(0)).int64(0).tags();
        return { flexibleHeader: true, body: w.toBuffer() };
      }
      case 3: {
        if (options.silentMetadata) return undefined;
        const w = new Writer(true).int32(0);
        w.array([1], () => w.int32(1).string('127.0.0.1').int32(port()).nullableString('rack-1').tags());
        w.nullableString('cluster').int32(1).array([], () => {}).tags();
        return { flexibleHeader: true, body: w.toBuffer() };
      }
    }
    return undefined;
  }

  function send(socket: net.Socket, correlationId: number, response: { flexibleHeader: boolean; body: Buffer }) {
    const header = new Writer(response.flexibleHeader).int32(correlationId).tags().toBuffer();
    const frame = Buffer.concat([Buffer.alloc(4), header, response.body]);
    frame.writeInt32BE(frame.length - 4, 0);
    if (!options.trickle) return void socket.write(frame);
    for (const byte of frame) socket.write(Buffer.from([byte]));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = () => (server.address() as net.AddressInfo).port;
  const hangUp = () => sockets.forEach((socket) => socket.destroy());
  const close = () => {
    hangUp();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { port: port(), received, saslMessages, hangUp, close };
}

const settings = { clientId: 'connectory-test', connectTimeoutMs: 1_000, requestTimeoutMs: 1_000 };
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function open(options: FakeBrokerOptions = {}, extra: Partial<Parameters<typeof BrokerConnection.open>[1]> = {}) {
  const broker = await fakeBroker(options);
  cleanups.push(() => broker.close());
  const connection = await BrokerConnection.open({ host: '127.0.0.1', port: broker.port }, { ...settings, ...extra });
  cleanups.push(() => connection.close());
  return { broker, connection };
}

describe('BrokerConnection', () => {
  it('negotiates versions first, then picks the highest both sides speak', async () => {
    const { broker, connection } = await open();
    expect(broker.received[0]).toMatchObject({ apiKey: 18, version: 3, clientId: 'connectory-test' });
    expect(connection.versions.get(3)).toEqual({ min: 0, max: 12 });
    const metadata = await connection.request(Metadata, { topics: [] });
    expect(broker.received.at(-1)).toMatchObject({ apiKey: 3, version: 12 });
    expect(metadata.brokers).toEqual([{ nodeId: 1, host: '127.0.0.1', port: broker.port, rack: 'rack-1' }]);
  });

  it('retries ApiVersions at the version an older broker says it speaks', async () => {
    const { broker, connection } = await open({ oldApiVersions: true });
    expect(broker.received.slice(0, 2).map((r) => [r.apiKey, r.version])).toEqual([[18, 3], [18, 2]]);
    expect(connection.versions.get(18)).toEqual({ min: 0, max: 2 });
  });

  it('reassembles responses that arrive a byte at a time, and matches pipelined answers by correlation id', async () => {
    const { connection } = await open({ trickle: true });
    const answers = await Promise.all(Array.from({ length: 20 }, () => connection.request(Metadata, { topics: [] })));
    expect(answers.every((answer) => answer.clusterId === 'cluster')).toBe(true);
  });

  it('authenticates with SASL/PLAIN before any request', async () => {
    const { broker } = await open({}, { sasl: { mechanism: 'plain', username: 'alice', password: 's3cret' } });
    expect(broker.received.map((r) => r.apiKey)).toEqual([18, 17, 36]);
    expect(broker.saslMessages[0]!.toString()).toBe('\0alice\0s3cret');
  });

  it('fails the connection with the broker’s SASL message', async () => {
    const broker = await fakeBroker({ saslAuthError: 'Authentication failed: Invalid username or password' });
    cleanups.push(() => broker.close());
    const failure = BrokerConnection.open({ host: '127.0.0.1', port: broker.port }, { ...settings, sasl: { mechanism: 'plain', username: 'a', password: 'b' } });
    await expect(failure).rejects.toThrow('Kafka SASL PLAIN authentication as "a": SASL_AUTHENTICATION_FAILED (Authentication failed: Invalid username or password)');
  });

  it('gives up on a request after its timeout and closes the connection, naming the broker and the API', async () => {
    const { broker, connection } = await open({ silentMetadata: true });
    const started = Date.now();
    const failure = await connection.request(Metadata, { topics: [] }, { timeoutMs: 200 }).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(KafkaConnectionError);
    expect((failure as Error).message).toBe(`Kafka broker 127.0.0.1:${broker.port}: Metadata v12: no answer within 200 ms`);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(connection.isOpen).toBe(false);
    await expect(connection.request(Metadata, { topics: [] })).rejects.toThrow(/no answer within 200 ms/);
  });

  it('fails in-flight requests when the broker hangs up', async () => {
    const { broker, connection } = await open({ silentMetadata: true });
    const metadataRequests = () => broker.received.filter((request) => request.apiKey === Metadata.key).length;
    const before = metadataRequests();
    const pending = connection.request(Metadata, { topics: [] });
    await waitFor(() => metadataRequests() > before, { what: 'the broker to receive the Metadata request' });
    broker.hangUp();
    await expect(pending).rejects.toThrow(`Kafka broker 127.0.0.1:${broker.port}: connection closed by the broker`);
    expect(connection.isOpen).toBe(false);
  });
});

describe('TLS', () => {
  /** A throwaway self-signed certificate for 127.0.0.1, made with the system's openssl. */
  function selfSigned(): { key: Buffer; cert: Buffer } {
    const dir = mkdtempSync(join(tmpdir(), 'connectory-tls-'));
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
        '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
      return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it.runIf(existsOpenssl())('speaks the protocol over TLS, verifying the broker against the given CA', async () => {
    const certificate = selfSigned();
    const broker = await fakeBroker({ tls: certificate });
    cleanups.push(() => broker.close());
    const client = new KafkaProtocolClient({ clusterId: 'tls', brokers: [`127.0.0.1:${broker.port}`], ssl: { ca: [certificate.cert.toString()] } });
    cleanups.push(() => client.close());
    expect((await client.metadata([])).clusterId).toBe('cluster');

    const untrusting = new KafkaProtocolClient({ clusterId: 'tls', brokers: [`127.0.0.1:${broker.port}`], ssl: true });
    cleanups.push(() => untrusting.close());
    await expect(untrusting.metadata([])).rejects.toThrow(/Kafka cluster "tls": .*self-signed certificate/);
  });
});

function existsOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('KafkaProtocolClient', () => {
  it('finds brokers from Metadata and routes node-addressed requests to them over one pooled connection', async () => {
    const broker = await fakeBroker();
    cleanups.push(() => broker.close());
    const client = new KafkaProtocolClient({ clusterId: 'fake', brokers: [`127.0.0.1:${broker.port}`] });
    cleanups.push(() => client.close());
    await client.metadata([]);
    await client.send({ nodeId: 1 }, Metadata, { topics: [] });
    await client.send('controller', Metadata, { topics: [] });
    expect(broker.received.filter((r) => r.apiKey === 18)).toHaveLength(1);
  });

  it('names the cluster and the broker when a node is unknown or a request fails', async () => {
    const broker = await fakeBroker({ silentMetadata: true });
    cleanups.push(() => broker.close());
    const client = new KafkaProtocolClient({ clusterId: 'fake', brokers: [`127.0.0.1:${broker.port}`] }, { requestTimeoutMs: 200 });
    cleanups.push(() => client.close());
    const failure = await client.metadata([]).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(KafkaClusterError);
    expect((failure as Error).message).toBe(`Kafka cluster "fake": Metadata to broker 127.0.0.1:${broker.port} failed: Kafka broker 127.0.0.1:${broker.port}: Metadata v12: no answer within 200 ms`);
  });

  it('refuses SASL mechanisms it cannot speak, before connecting', () => {
    expect(() => new KafkaProtocolClient({ clusterId: 'aws', brokers: ['h:1'], sasl: { mechanism: 'aws', authorizationIdentity: 'x', accessKeyId: 'a', secretAccessKey: 'b' } })).toThrow(
      'Kafka cluster "aws": SASL mechanism "aws" is not supported by Connectory\'s protocol client',
    );
  });
});
