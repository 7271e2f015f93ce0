// The schema registry part of the server's public API (/api/v1/schema-registries...) and producing a message.
import { del, get, post, put } from '../lib/api';
import type {
  CompatibilityCheck,
  CreateSchemaRegistry,
  DeletedVersions,
  SchemaById,
  SchemaRegistry,
  SchemaRegistryHealth,
  ProducedMessage,
  ProduceMessage,
  RegisteredSchema,
  SchemaDiff,
  SchemaInput,
  SchemaRegistryList,
  SubjectDetail,
  SubjectPage,
} from '../api/types';
export type { SchemaById, SchemaDiff, SchemaRegistry, SchemaRegistryHealth, SubjectDetail, SubjectPage, SubjectSummary, CompatibilityCheck, ProduceMessage } from '../api/types';

const registryPath = (id: string) => `/api/v1/schema-registries/${encodeURIComponent(id)}`;
const subjectPath = (id: string, subject: string) => `${registryPath(id)}/subjects/${encodeURIComponent(subject)}`;

export const listRegistries = () => get<SchemaRegistryList>('/api/v1/schema-registries');

export const listSubjects = (id: string, query: { search?: string; page: number; size: number }, signal?: AbortSignal) =>
  get<SubjectPage>(`${registryPath(id)}/subjects`, { signal, query: { ...query } });

export const getSubject = (id: string, subject: string) => get<SubjectDetail>(subjectPath(id, subject));

export const diffVersions = (id: string, subject: string, from: number, to: number) =>
  get<SchemaDiff>(`${subjectPath(id, subject)}/diff`, { query: { from: String(from), to: String(to) } });

export const checkCompatibility = (id: string, subject: string, input: SchemaInput) => post<CompatibilityCheck>(`${subjectPath(id, subject)}/compatibility-check`, input);

export const registerVersion = (id: string, subject: string, input: SchemaInput) => post<RegisteredSchema>(`${subjectPath(id, subject)}/versions`, input);

export const produceMessage = (kafkaId: string, topic: string, message: ProduceMessage) =>
  post<ProducedMessage>(`/api/v1/clusters/${encodeURIComponent(kafkaId)}/topics/${encodeURIComponent(topic)}/messages`, message);

export const COMPATIBILITY_LEVELS = ['NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE'] as const;

export const setSubjectCompatibility = (id: string, subject: string, compatibility: (typeof COMPATIBILITY_LEVELS)[number]) =>
  put<{ compatibility: string | null }>(`${subjectPath(id, subject)}/compatibility`, { compatibility });

export const setGlobalCompatibility = (id: string, compatibility: (typeof COMPATIBILITY_LEVELS)[number]) =>
  put<{ compatibility: string | null }>(`${registryPath(id)}/compatibility`, { compatibility });

export const createRegistry = (input: CreateSchemaRegistry) => post<SchemaRegistry>('/api/v1/schema-registries', input);

export const registryHealth = (id: string) => get<SchemaRegistryHealth>(`${registryPath(id)}/health`);

export const schemaById = (id: string, schemaId: number) => get<SchemaById>(`${registryPath(id)}/schemas/${schemaId}`);

/** Soft, or hard (`permanent`) after a soft one; the server wants the subject name typed again. */
export const deleteSubject = (id: string, subject: string, permanent: boolean) =>
  del<DeletedVersions>(subjectPath(id, subject), { query: { permanent: String(permanent) }, body: { confirm: subject } });

export const deleteVersion = (id: string, subject: string, version: number, permanent: boolean) =>
  del<DeletedVersions>(`${subjectPath(id, subject)}/versions/${version}`, { query: { permanent: String(permanent) }, body: { confirm: subject } });

export const SCHEMA_TYPES = ['AVRO', 'PROTOBUF', 'JSON'] as const;
