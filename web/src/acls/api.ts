// The ACL part of the server's public API (/api/v1/clusters/{kafkaId}/acls...).
import { del, get, post } from '../lib/api';
import type { AclBinding, AclListQuery, AclPage, AclTemplate, AclTemplateList, AclTemplateRequest, CreatedAcls, DeletedAcls, NewAcl } from '../api/types';
export type { AclBinding, AclListQuery, AclPage, AclTemplate, AclTemplateRequest, NewAcl } from '../api/types';

const aclsPath = (kafkaId: string) => `/api/v1/clusters/${encodeURIComponent(kafkaId)}/acls`;

export const RESOURCE_TYPES = ['TOPIC', 'GROUP', 'CLUSTER', 'TRANSACTIONAL_ID', 'DELEGATION_TOKEN', 'USER'] as const satisfies readonly NewAcl['resourceType'][];
export const PATTERN_TYPES = ['LITERAL', 'PREFIXED'] as const satisfies readonly NewAcl['patternType'][];
export const PERMISSION_TYPES = ['ALLOW', 'DENY'] as const satisfies readonly NewAcl['permissionType'][];
/** What the authorizer checks per resource type (the server refuses other pairs, naming `operation`). */
export const OPERATIONS_BY_RESOURCE: Record<NewAcl['resourceType'], NewAcl['operation'][]> = {
  TOPIC: ['ALL', 'READ', 'WRITE', 'CREATE', 'DELETE', 'ALTER', 'DESCRIBE', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS'],
  GROUP: ['ALL', 'READ', 'DELETE', 'DESCRIBE', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS'],
  CLUSTER: ['ALL', 'CREATE', 'ALTER', 'DESCRIBE', 'CLUSTER_ACTION', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS', 'IDEMPOTENT_WRITE', 'DESCRIBE_TOKENS'],
  TRANSACTIONAL_ID: ['ALL', 'DESCRIBE', 'WRITE', 'TWO_PHASE_COMMIT'],
  DELEGATION_TOKEN: ['ALL', 'DESCRIBE'],
  USER: ['ALL', 'CREATE_TOKENS', 'DESCRIBE_TOKENS'],
};

export function listAcls(kafkaId: string, query: AclListQuery, signal?: AbortSignal): Promise<AclPage> {
  return get<AclPage>(aclsPath(kafkaId), { signal, query: { ...query } });
}

export const createAcl = (kafkaId: string, acl: NewAcl) => post<CreatedAcls>(aclsPath(kafkaId), acl);

export const applyAclTemplate = (kafkaId: string, request: AclTemplateRequest, dryRun = false) =>
  post<CreatedAcls>(`${aclsPath(kafkaId)}/templates`, request, { query: dryRun ? { dryRun: true } : {} });

export async function listAclTemplates(kafkaId: string): Promise<AclTemplate[]> {
  return (await get<AclTemplateList>(`${aclsPath(kafkaId)}/templates`)).items;
}

/** Deletes exactly this binding (the server refuses anything wider). */
export const deleteAcl = (kafkaId: string, acl: AclBinding) =>
  del<DeletedAcls>(aclsPath(kafkaId), {
    query: {
      principal: acl.principal,
      host: acl.host,
      operation: acl.operation,
      permissionType: acl.permissionType,
      resourceType: acl.resourceType,
      resourceName: acl.resourceName,
      patternType: acl.patternType,
    },
  });

export function describeAcl(acl: AclBinding): string {
  const pattern = acl.patternType === 'PREFIXED' ? ' (prefix)' : '';
  return `${acl.permissionType} ${acl.principal} ${acl.operation} on ${acl.resourceType.toLowerCase()} ${acl.resourceName}${pattern}${acl.host === '*' ? '' : ` from ${acl.host}`}`;
}
