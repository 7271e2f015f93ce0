// The schema registry part of the server's public API (/api/v1/schema-registries...) and producing a message.
import { get, post, put } from '../lib/api';
import type {
  CompatibilityCheck,
  ProducedMessage,
  ProduceMessage,
  RegisteredSchema,
  SchemaDiff,
  SchemaInput,
  SchemaRegistryList,
  SubjectDetail,
  SubjectPage,
} from '../api/types';
export type { SchemaDiff, SchemaRegistry, SubjectDetail, SubjectPage, SubjectSummary, CompatibilityCheck, ProduceMessage } from '../api/types';

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
