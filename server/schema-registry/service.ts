/** What the routes do with a registry, as plain functions the tests call too. */
import { ApiError } from '../http/errors';
import type { SchemaRegistryClient, SchemaType, SubjectVersion } from './client';
import { askRegistry, toApiError } from './errors';
import { diffLines, prettySchema } from './subjects';

export async function subjectDetail(client: SchemaRegistryClient, subject: string) {
  return askRegistry(async () => {
    const [versions, latest, compatibility, globalCompatibility] = await Promise.all([
      client.versions(subject),
      client.version(subject, 'latest'),
      client.compatibility(subject),
      client.compatibility().catch(() => undefined),
    ]);
    return { subject, versions, latest, compatibility: compatibility ?? null, globalCompatibility: globalCompatibility ?? null };
  });
}

export function subjectVersion(client: SchemaRegistryClient, subject: string, version: string): Promise<SubjectVersion> {
  return askRegistry(() => client.version(subject, version === 'latest' ? 'latest' : Number(version)));
}

/** Both texts pretty-printed, and their line diff for a side-by-side view. */
export async function diffVersions(client: SchemaRegistryClient, subject: string, from: string, to: string) {
  const [left, right] = await Promise.all([subjectVersion(client, subject, from), subjectVersion(client, subject, to)]);
  const before = prettySchema(left.schema, left.schemaType);
  const after = prettySchema(right.schema, right.schemaType);
  return { subject, from: { ...left, schema: before }, to: { ...right, schema: after }, lines: diffLines(before, after) };
}

export async function schemaById(client: SchemaRegistryClient, id: number) {
  return askRegistry(async () => {
    const [schema, subjects] = await Promise.all([client.schemaById(id), client.subjectsOfSchema(id)]);
    return { id, ...schema, subjects };
  });
}

export interface SchemaInput {
  schema: string;
  schemaType: SchemaType;
  references?: { name: string; subject: string; version: number }[] | undefined;
}

/**
 * The registry's verdict on a schema against the subject's latest version, with its messages. A subject with no
 * version yet is compatible by definition (Confluent answers 404 there), but the schema must still parse.
 */
export async function checkCompatibility(client: SchemaRegistryClient, subject: string, input: SchemaInput) {
  localParseCheck(input);
  return askRegistry(async () => {
    try {
      return await client.checkCompatibility(subject, input);
    } catch (err) {
      const apiError = toApiError(err);
      if (apiError instanceof ApiError && apiError.status === 404) return { isCompatible: true, messages: [`Subject "${subject}" has no version yet: any valid schema can be its first`] };
      throw err;
    }
  });
}

/** Registers a version; the registry refuses an incompatible one (409 with its reason). */
export async function registerVersion(client: SchemaRegistryClient, subject: string, input: SchemaInput) {
  localParseCheck(input);
  return askRegistry(async () => {
    const { id } = await client.register(subject, input);
    const latest = await client.version(subject, 'latest').catch(() => undefined);
    return { id, version: latest && latest.id === id ? latest.version : null };
  });
}

/** A JSON schema text (Avro, JSON Schema) that is not JSON fails here with a message naming the field. */
function localParseCheck(input: SchemaInput): void {
  if (input.schemaType === 'PROTOBUF') return;
  try {
    JSON.parse(input.schema);
  } catch (err) {
    throw new ApiError(400, 'invalid_schema', `The ${input.schemaType === 'AVRO' ? 'Avro' : 'JSON'} schema is not valid JSON: ${(err as Error).message}`, 'schema');
  }
}

/**
 * Whether a registry answers: its global level (the smallest request every Confluent-compatible registry
 * serves), timed, bounded by `timeoutMs`. Never throws: a registry that is down is a status, not an error.
 */
export async function registryHealth(client: SchemaRegistryClient, timeoutMs: number) {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const level = await Promise.race([
      client.compatibility(),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs))),
    ]);
    return { status: 'up' as const, latencyMs: Math.round(performance.now() - started), globalCompatibility: level ?? null };
  } catch (err) {
    return { status: 'down' as const, latencyMs: null, globalCompatibility: null, error: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}
