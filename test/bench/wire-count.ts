// Counts Kafka requests where they leave the process: every byte written to a socket whose connect() named a
// broker port goes through net.Socket's _write/_writev, whatever client or code path wrote it, so a request the
// code under test makes without counting it (a retry, a metadata refresh, ApiVersions on connect) is still seen.
// Import this module before anything that opens sockets. Plain TCP only: on TLS the frames are encrypted here.
import net from 'node:net';

// Kafka's request keys (https://kafka.apache.org/protocol#protocol_api_keys) for the ones this project sends.
const API_NAMES: Record<number, string> = {
  0: 'Produce', 1: 'Fetch', 2: 'ListOffsets', 3: 'Metadata', 8: 'OffsetCommit', 9: 'OffsetFetch', 10: 'FindCoordinator',
  15: 'DescribeGroups', 16: 'ListGroups', 17: 'SaslHandshake', 18: 'ApiVersions', 19: 'CreateTopics', 20: 'DeleteTopics',
  32: 'DescribeConfigs', 35: 'DescribeLogDirs', 36: 'SaslAuthenticate', 37: 'CreatePartitions', 42: 'DeleteGroups',
  44: 'IncrementalAlterConfigs', 55: 'DescribeQuorum', 69: 'ConsumerGroupDescribe',
};

const brokerPorts = new Set<number>();
const targetPort = new WeakMap<net.Socket, number>();
const pending = new WeakMap<net.Socket, Buffer>();
let counts = new Map<string, number>();

type WriteChunk = { chunk: Buffer | string; encoding: BufferEncoding };
type SocketInternals = net.Socket & {
  _write(chunk: Buffer | string, encoding: BufferEncoding, cb: (error?: Error | null) => void): void;
  _writev(chunks: WriteChunk[], cb: (error?: Error | null) => void): void;
};
const proto = net.Socket.prototype as SocketInternals;
const connect = proto.connect;
const write = proto._write;
const writev = proto._writev;

function portOf(args: unknown[]): number {
  // net.connect hands connect() its normalised [options, callback] array; a direct call passes options or a port
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  return Number(typeof first === 'object' && first !== null ? (first as { port?: unknown }).port : first);
}

proto.connect = function (this: net.Socket, ...args: unknown[]) {
  targetPort.set(this, portOf(args));
  return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof proto.connect;

function observe(socket: net.Socket, chunk: Buffer | string, encoding: BufferEncoding): void {
  if (!brokerPorts.has(targetPort.get(socket) ?? -1)) return;
  let buffer = Buffer.concat([pending.get(socket) ?? Buffer.alloc(0), typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk]);
  // a request frame: int32 size, then the header's int16 api key
  while (buffer.length >= 6 && buffer.length >= 4 + buffer.readInt32BE(0)) {
    const key = buffer.readInt16BE(4);
    const name = API_NAMES[key] ?? `api-${key}`;
    counts.set(name, (counts.get(name) ?? 0) + 1);
    buffer = buffer.subarray(4 + buffer.readInt32BE(0));
  }
  pending.set(socket, buffer);
}

proto._write = function (this: SocketInternals, chunk, encoding, cb) {
  observe(this, chunk, encoding);
  return write.call(this, chunk, encoding, cb);
};

proto._writev = function (this: SocketInternals, chunks, cb) {
  for (const { chunk, encoding } of chunks) observe(this, chunk, encoding);
  return writev.call(this, chunks, cb);
};

/** Counts requests to these ports from now on. */
export function watchBrokerPorts(ports: number[]): void {
  for (const port of ports) brokerPorts.add(port);
}

/** The requests seen since the last call, by API, and starts counting afresh. */
export function takeWireCounts(): { total: number; byApi: Record<string, number> } {
  const byApi = Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)));
  counts = new Map();
  return { total: Object.values(byApi).reduce((a, b) => a + b, 0), byApi };
}
