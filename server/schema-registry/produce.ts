/**
 * Producing one message from the console, for testing a pipeline without writing a producer: key and value as text,
 * as JSON, or encoded with a subject's schema in the Confluent wire format. kafkajs (already a dependency, proven
 * against the stack's Kafka) does the Produce request: Connectory's own protocol client only reads.
 */
import { z } from '@hono/zod-openapi';
import { Kafka, logLevel } from 'kafkajs';
import type { KafkaConnection } from '../kafka/connection';
import { ApiError } from '../http/errors';
import type { SchemaRegistryClient } from './client';
import { wireHeader } from './codec';
import type { SchemaDecoders } from './decoders';
import { askRegistry } from './errors';

const PartSchema = z
  .object({
    data: z.unknown().openapi({ description: 'A string is sent as UTF-8 text, anything else as JSON text; with a subject, the JSON value to encode' }),
    subject: z.string().min(1).optional().openapi({ description: 'Encode `data` with this subject\'s schema (Confluent wire format)' }),
    version: z.number().int().min(1).optional().openapi({ description: 'The subject\'s version to use; the latest when left out' }),
  })
  .openapi('ProducePart');

export const ProduceBodySchema = z
  .object({
    partition: z.number().int().min(0).optional().openapi({ description: 'Left out: Kafka\'s default partitioner (by key)' }),
    key: PartSchema.nullable().optional(),
    value: PartSchema.nullable(),
    headers: z.array(z.object({ key: z.string().min(1), value: z.string().nullable() })).max(100).optional(),
    registryId: z.string().min(1).optional().openapi({ description: 'The registry of the subjects; the one linked to the Kafka cluster when left out' }),
  })
  .openapi('ProduceMessage');
export type ProduceBody = z.infer<typeof ProduceBodySchema>;

const ProducedSchemaInfo = z.object({ subject: z.string(), version: z.number().int(), id: z.number().int(), schemaType: z.string() }).nullable();
export const ProducedSchema = z
  .object({ partition: z.number().int(), offset: z.number(), key: ProducedSchemaInfo, value: ProducedSchemaInfo })
  .openapi('ProducedMessage');

type Part = z.infer<typeof PartSchema>;
export interface EncodedPart {
  bytes: Buffer | null;
  schema: { subject: string; version: number; id: number; schemaType: string } | null;
}

export async function encodePart(part: Part | null | undefined, field: string, registry: SchemaRegistryClient | undefined, decoders: SchemaDecoders): Promise<EncodedPart> {
  if (part === null || part === undefined) return { bytes: null, schema: null };
  if (!part.subject) {
    if (part.data === undefined) throw ApiError.badRequest('Give `data`', `${field}.data`);
    return { bytes: Buffer.from(typeof part.data === 'string' ? part.data : JSON.stringify(part.data)), schema: null };
  }
  if (!registry) throw ApiError.badRequest('No schema registry is linked to this Kafka cluster: give `registryId`', `${field}.subject`);
  const version = await askRegistry(() => registry.version(part.subject!, part.version ?? 'latest'));
  const { codec } = await askRegistry(() => decoders.entry(registry, version.id));
  const payload = codec.encode(part.data, `${field}.data`);
  return { bytes: Buffer.concat([wireHeader(version.id), payload]), schema: { subject: version.subject, version: version.version, id: version.id, schemaType: version.schemaType } };
}

const PRODUCE_TIMEOUT_MS = 15_000;

/** One short-lived producer per request: producing from the console is rare, and nothing then stays connected. */
export async function produceOne(
  connection: KafkaConnection,
  topic: string,
  message: { partition?: number | undefined; key: Buffer | null; value: Buffer | null; headers: { key: string; value: string | null }[] },
): Promise<{ partition: number; offset: number }> {
  const kafka = new Kafka({
    clientId: 'connectory-produce',
    brokers: connection.brokers,
    ...(connection.ssl ? { ssl: connection.ssl } : {}),
    ...(connection.sasl ? { sasl: connection.sasl } : {}),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 5_000,
    requestTimeout: PRODUCE_TIMEOUT_MS,
    retry: { retries: 2 },
  });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  try {
    await producer.connect();
    const headers: Record<string, string | Buffer> = {};
    for (const header of message.headers) if (header.value !== null) headers[header.key] = header.value;
    const [sent] = await producer.send({
      topic,
      acks: -1,
      timeout: PRODUCE_TIMEOUT_MS,
      messages: [{ key: message.key, value: message.value, headers, ...(message.partition !== undefined ? { partition: message.partition } : {}) }],
    });
    if (!sent) throw new Error('Kafka answered the produce request without a result');
    return { partition: sent.partition, offset: Number(sent.baseOffset ?? sent.offset ?? -1) };
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError(502, 'kafka_error', `Kafka cluster "${connection.clusterId}": producing to topic "${topic}" failed: ${(err as Error).message}`);
  } finally {
    await producer.disconnect().catch(() => {});
  }
}
