/**
 * One client for every registry that serves the Confluent Schema Registry API: Confluent, Karapace, Redpanda and
 * Apicurio (`/apis/ccompat/v7`). Built on node:http(s) rather than fetch: a registry behind a private CA needs
 * its own `ca`. Every error names the registry, so a message in the UI says which one failed and how.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface RegistryClientOptions {
  /** Id and URL, for error messages. */
  registryId: string;
  /** Base URL of the Confluent-compatible API, e.g. `http://registry:8081` or `http://apicurio:8080/apis/ccompat/v7`. */
  url: string;
  headers?: Record<string, string>;
  tls?: { ca?: string; rejectUnauthorized?: boolean };
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
/** A listing of every schema of 5,000 subjects is a few MiB; a misbehaving endpoint must not make us buffer without end. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

export type SchemaType = 'AVRO' | 'PROTOBUF' | 'JSON';

export interface SchemaReference {
  name: string;
  subject: string;
  version: number;
}

export interface SubjectVersion {
  subject: string;
  version: number;
  id: number;
  schemaType: SchemaType;
  schema: string;
  references: SchemaReference[];
}

export interface SchemaById {
  schemaType: SchemaType;
  schema: string;
  references: SchemaReference[];
}

/** An entry of `GET /schemas`: Confluent, Karapace and Redpanda fill in every field; Apicurio only `schema`. */
export interface ListedSchema {
  subject?: string;
  version?: number;
  id?: number;
  schemaType?: string;
  schema: string;
}

export interface CompatibilityResult {
  isCompatible: boolean;
  messages: string[];
}

/** The registry answered with an error: its HTTP status, its own error code (40401…) and message. */
export class SchemaRegistryError extends Error {
  constructor(
    readonly registryId: string,
    readonly status: number,
    readonly errorCode: number | undefined,
    readonly registryMessage: string,
  ) {
    super(`Schema registry "${registryId}": ${registryMessage} (HTTP ${status}${errorCode ? `, error ${errorCode}` : ''})`);
    this.name = 'SchemaRegistryError';
  }
}

/** The registry could not be reached or did not answer in time. */
export class SchemaRegistryUnreachableError extends Error {
  constructor(registryId: string, url: string, cause: string) {
    super(`Schema registry "${registryId}" (${url}) cannot be reached: ${cause}`);
    this.name = 'SchemaRegistryUnreachableError';
  }
}

const typeOf = (value: unknown): SchemaType => (value === 'PROTOBUF' || value === 'JSON' ? value : 'AVRO');
const enc = encodeURIComponent;

export class SchemaRegistryClient {
  readonly registryId: string;
  readonly url: string;
  readonly #headers: Record<string, string>;
  readonly #tls: RegistryClientOptions['tls'];
  readonly #timeoutMs: number;
  /** Requests sent, for the benchmark and for tests that prove a page costs a fixed number of them. */
  requests = 0;

  constructor(options: RegistryClientOptions) {
    this.registryId = options.registryId;
    this.url = options.url.replace(/\/+$/, '');
    this.#headers = { Accept: `${CONTENT_TYPE}, application/json`, ...options.headers };
    this.#tls = options.tls;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Apicurio's own API root, when the URL is Apicurio's Confluent-compatible one (used for bulk listings it lacks there). */
  get apicurioRoot(): string | undefined {
    const match = /^(.*)\/apis\/ccompat\/v\d+$/.exec(this.url);
    return match?.[1];
  }

  subjects(): Promise<string[]> {
    return this.get<string[]>('/subjects');
  }

  latestSchemas(): Promise<ListedSchema[]> {
    return this.get<ListedSchema[]>('/schemas?latestOnly=true');
  }

  versions(subject: string): Promise<number[]> {
    return this.get<number[]>(`/subjects/${enc(subject)}/versions`);
  }

  async version(subject: string, version: number | 'latest'): Promise<SubjectVersion> {
    const raw = await this.get<Record<string, unknown>>(`/subjects/${enc(subject)}/versions/${version}`);
    return {
      subject: String(raw.subject ?? subject),
      version: Number(raw.version),
      id: Number(raw.id),
      schemaType: typeOf(raw.schemaType),
      schema: String(raw.schema),
      references: (raw.references as SchemaReference[] | undefined) ?? [],
    };
  }

  async schemaById(id: number): Promise<SchemaById> {
    const raw = await this.get<Record<string, unknown>>(`/schemas/ids/${id}`);
    return { schemaType: typeOf(raw.schemaType), schema: String(raw.schema), references: (raw.references as SchemaReference[] | undefined) ?? [] };
  }

  subjectsOfSchema(id: number): Promise<{ subject: string; version: number }[]> {
    return this.get(`/schemas/ids/${id}/versions`);
  }

  /** The level set on the subject, or undefined when it inherits the global one. */
  async compatibility(subject?: string): Promise<string | undefined> {
    try {
      const raw = await this.get<{ compatibilityLevel?: string; compatibility?: string }>(subject === undefined ? '/config' : `/config/${enc(subject)}`);
      return raw.compatibilityLevel ?? raw.compatibility;
    } catch (err) {
      // 40401/40408: nothing set on this subject (Confluent says "subject not found" for a subject without a level)
      if (subject !== undefined && err instanceof SchemaRegistryError && err.status === 404) return undefined;
      throw err;
    }
  }

  async setCompatibility(level: string, subject?: string): Promise<string> {
    const raw = await this.call<{ compatibility?: string; compatibilityLevel?: string }>('PUT', subject === undefined ? '/config' : `/config/${enc(subject)}`, { compatibility: level });
    return raw.compatibility ?? raw.compatibilityLevel ?? level;
  }

  async checkCompatibility(subject: string, schema: { schema: string; schemaType: SchemaType; references?: SchemaReference[] }): Promise<CompatibilityResult> {
    const raw = await this.call<{ is_compatible: boolean; messages?: string[] }>('POST', `/compatibility/subjects/${enc(subject)}/versions/latest?verbose=true`, body(schema));
    return { isCompatible: raw.is_compatible === true, messages: raw.messages ?? [] };
  }

  async register(subject: string, schema: { schema: string; schemaType: SchemaType; references?: SchemaReference[] }): Promise<{ id: number }> {
    return this.call('POST', `/subjects/${enc(subject)}/versions`, body(schema));
  }

  /** Soft delete (the versions stay readable by id), or hard delete, which the API allows only after a soft one. */
  deleteSubject(subject: string, permanent: boolean): Promise<number[]> {
    return this.call('DELETE', `/subjects/${enc(subject)}${permanent ? '?permanent=true' : ''}`);
  }

  /** One version: soft, or hard after a soft one (as for subjects). Answers the deleted version's number. */
  deleteVersion(subject: string, version: number, permanent: boolean): Promise<number> {
    return this.call('DELETE', `/subjects/${enc(subject)}/versions/${version}${permanent ? '?permanent=true' : ''}`);
  }

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  /** Against the registry's root rather than the Confluent API base (Apicurio's native API). */
  getAbsolute<T>(url: string): Promise<T> {
    return this.call<T>('GET', url, undefined, true);
  }

  call<T>(method: string, path: string, payload?: unknown, absolute = false): Promise<T> {
    const target = new URL(absolute ? path : `${this.url}${path}`);
    const data = payload === undefined ? undefined : Buffer.from(JSON.stringify(payload));
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    this.requests++;
    return new Promise<T>((resolve, reject) => {
      const req = send(
        target,
        {
          method,
          headers: { ...this.#headers, ...(data ? { 'Content-Type': CONTENT_TYPE, 'Content-Length': String(data.length) } : {}) },
          ...(target.protocol === 'https:' && this.#tls ? { ca: this.#tls.ca, rejectUnauthorized: this.#tls.rejectUnauthorized ?? true } : {}),
          timeout: this.#timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_RESPONSE_BYTES) {
              req.destroy(new Error(`answer larger than ${MAX_RESPONSE_BYTES} bytes`));
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            let parsed: unknown;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              parsed = undefined;
            }
            if (status >= 200 && status < 300) {
              if (parsed === undefined && text) reject(new SchemaRegistryError(this.registryId, status, undefined, `answered ${method} ${target.pathname} with something other than JSON`));
              else resolve(parsed as T);
              return;
            }
            const error = parsed as { message?: string; error_code?: number } | undefined;
            const message = error?.message ?? (text.slice(0, 300) || res.statusMessage || 'error');
            reject(new SchemaRegistryError(this.registryId, status, error?.error_code, message));
          });
          res.on('error', (err) => reject(new SchemaRegistryUnreachableError(this.registryId, this.url, err.message)));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.#timeoutMs} ms`)));
      req.on('error', (err) => reject(new SchemaRegistryUnreachableError(this.registryId, this.url, err.message)));
      req.end(data);
    });
  }
}

/** Confluent leaves schemaType out for Avro; some registries refuse an explicit "AVRO" on old versions. */
function body(schema: { schema: string; schemaType: SchemaType; references?: SchemaReference[] }): Record<string, unknown> {
  return {
    schema: schema.schema,
    ...(schema.schemaType !== 'AVRO' ? { schemaType: schema.schemaType } : {}),
    ...(schema.references?.length ? { references: schema.references } : {}),
  };
}
