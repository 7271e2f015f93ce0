/**
 * The enums the ACL APIs (DescribeAcls, CreateAcls, DeleteAcls) carry as numbers, by their Kafka names
 * (org.apache.kafka.common.resource.ResourceType, PatternType, acl.AclOperation, acl.AclPermissionType).
 * ANY and MATCH only make sense in filters; UNKNOWN is what a newer broker's value we do not know decodes to.
 */

export const ACL_RESOURCE_TYPES = ['UNKNOWN', 'ANY', 'TOPIC', 'GROUP', 'CLUSTER', 'TRANSACTIONAL_ID', 'DELEGATION_TOKEN', 'USER'] as const;
export type AclResourceType = (typeof ACL_RESOURCE_TYPES)[number];

export const ACL_PATTERN_TYPES = ['UNKNOWN', 'ANY', 'MATCH', 'LITERAL', 'PREFIXED'] as const;
export type AclPatternType = (typeof ACL_PATTERN_TYPES)[number];

export const ACL_OPERATIONS = [
  'UNKNOWN',
  'ANY',
  'ALL',
  'READ',
  'WRITE',
  'CREATE',
  'DELETE',
  'ALTER',
  'DESCRIBE',
  'CLUSTER_ACTION',
  'DESCRIBE_CONFIGS',
  'ALTER_CONFIGS',
  'IDEMPOTENT_WRITE',
  'CREATE_TOKENS',
  'DESCRIBE_TOKENS',
  'TWO_PHASE_COMMIT',
] as const;
export type AclOperation = (typeof ACL_OPERATIONS)[number];

export const ACL_PERMISSION_TYPES = ['UNKNOWN', 'ANY', 'DENY', 'ALLOW'] as const;
export type AclPermissionType = (typeof ACL_PERMISSION_TYPES)[number];

/** The wire code of an enum value: its index in the list. */
export function aclCode<T extends string>(values: readonly T[], value: T): number {
  const code = values.indexOf(value);
  if (code < 0) throw new Error(`unknown ACL enum value ${value}`);
  return code;
}

export function aclName<T extends string>(values: readonly T[], code: number): T {
  return values[code] ?? values[0]!;
}

/** One ACL binding: who may (or may not) do what on which resources. */
export interface AclBinding {
  resourceType: AclResourceType;
  resourceName: string;
  patternType: AclPatternType;
  principal: string;
  host: string;
  operation: AclOperation;
  permissionType: AclPermissionType;
}

/** Which bindings a DescribeAcls or DeleteAcls matches: null names match any; ANY enums match any. */
export interface AclBindingFilter {
  resourceType: AclResourceType;
  resourceName: string | null;
  patternType: AclPatternType;
  principal: string | null;
  host: string | null;
  operation: AclOperation;
  permissionType: AclPermissionType;
}
