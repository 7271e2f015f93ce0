/**
 * Decoding messages with their registry's schemas. A schema id's codec and the subjects using it are fetched once
 * and cached (ids are immutable in every Confluent-compatible registry); a failed lookup is remembered briefly so
 * a page of 500 messages with an unknown id costs one request, not 500.
 */
import type { SchemaRegistryClient, SchemaType } from './client';
import { buildCodec, readWireHeader, type Codec } from './codec';
import { toApiError } from './errors';

export interface SchemaInfo {
  registryId: string;
  id: number;
  schemaType: SchemaType;
  subject: string | null;
  version: number | null;
}

export type SchemaDecoded = { value: unknown; schema: SchemaInfo; error?: undefined } | { value?: undefined; schema: Pick<SchemaInfo, 'registryId' | 'id'>; error: string };

interface Entry {
  codec: Codec;
  subjects: { subject: string; version: number }[];
}

const MAX_ENTRIES = 2_000;
const FAILURE_TTL_MS = 10_000;

export class SchemaDecoders {
  readonly #entries = new Map<string, Promise<Entry>>();
  readonly #failedAt = new Map<string, number>();

  /** The codec and subjects of a schema id, cached by registry and id. */
  entry(client: SchemaRegistryClient, id: number): Promise<Entry> {
    const key = `${client.registryId}:${client.url}:${id}`;
    const failedAt = this.#failedAt.get(key);
    if (failedAt !== undefined && Date.now() - failedAt > FAILURE_TTL_MS) {
      this.#entries.delete(key);
      this.#failedAt.delete(key);
    }
    let entry = this.#entries.get(key);
    if (!entry) {
      if (this.#entries.size >= MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
      entry = (async () => {
        const [schema, subjects] = await Promise.all([client.schemaById(id), client.subjectsOfSchema(id).catch(() => [])]);
        const codec = await buildCodec(schema, (ref) => client.version(ref.subject, ref.version));
        return { codec, subjects };
      })();
      entry.catch(() => this.#failedAt.set(key, Date.now()));
      this.#entries.set(key, entry);
    }
    return entry;
  }

  /**
   * A field in the wire format decoded, or undefined when it is not in it. `subjectHint` (`<topic>-value`, the
   * default naming) picks the subject shown when several use the same schema.
   */
  async decode(client: SchemaRegistryClient, bytes: Buffer | null, subjectHint: string): Promise<SchemaDecoded | undefined> {
    const wire = readWireHeader(bytes);
    if (!wire) return undefined;
    const base = { registryId: client.registryId, id: wire.schemaId };
    let entry: Entry;
    try {
      entry = await this.entry(client, wire.schemaId);
    } catch (err) {
      const apiError = toApiError(err);
      return { schema: base, error: apiError instanceof Error ? apiError.message : String(apiError) };
    }
    const used = entry.subjects.find((s) => s.subject === subjectHint) ?? entry.subjects[0];
    try {
      const value = entry.codec.decode(wire.payload);
      return { value, schema: { ...base, schemaType: entry.codec.schemaType, subject: used?.subject ?? null, version: used?.version ?? null } };
    } catch (err) {
      return { schema: base, error: `not decodable with ${entry.codec.schemaType} schema ${wire.schemaId}: ${(err as Error).message}` };
    }
  }
}
