/**
 * What makes an ACL binding meaningful, checked before Kafka is asked: the broker stores bindings no authorizer
 * will ever consult (READ on a cluster, a hostname instead of an address), so Connectory refuses them itself.
 */
import { isIP } from 'node:net';
import type { AclOperation, AclResourceType } from '../kafka/protocol';

/** The resource types a binding can name (ANY and UNKNOWN are filter-only). */
export const BINDING_RESOURCE_TYPES = ['TOPIC', 'GROUP', 'CLUSTER', 'TRANSACTIONAL_ID', 'DELEGATION_TOKEN', 'USER'] as const satisfies readonly AclResourceType[];
export type BindingResourceType = (typeof BINDING_RESOURCE_TYPES)[number];

export const BINDING_PATTERN_TYPES = ['LITERAL', 'PREFIXED'] as const;
export const BINDING_PERMISSION_TYPES = ['ALLOW', 'DENY'] as const;

/** Operations Kafka's authorizer checks on each resource type (Kafka's "Operations and Resources on Protocols"). */
export const OPERATIONS_BY_RESOURCE: Record<BindingResourceType, readonly AclOperation[]> = {
  TOPIC: ['ALL', 'READ', 'WRITE', 'CREATE', 'DELETE', 'ALTER', 'DESCRIBE', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS'],
  GROUP: ['ALL', 'READ', 'DELETE', 'DESCRIBE', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS'],
  CLUSTER: ['ALL', 'CREATE', 'ALTER', 'DESCRIBE', 'CLUSTER_ACTION', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS', 'IDEMPOTENT_WRITE', 'DESCRIBE_TOKENS'],
  TRANSACTIONAL_ID: ['ALL', 'DESCRIBE', 'WRITE', 'TWO_PHASE_COMMIT'],
  DELEGATION_TOKEN: ['ALL', 'DESCRIBE'],
  USER: ['ALL', 'CREATE_TOKENS', 'DESCRIBE_TOKENS'],
};

export const BINDING_OPERATIONS = [...new Set(Object.values(OPERATIONS_BY_RESOURCE).flat())] as [AclOperation, ...AclOperation[]];

/** The one name Kafka accepts for the CLUSTER resource. */
export const CLUSTER_RESOURCE_NAME = 'kafka-cluster';

/** `User:<name>` (`User:*` is every user); no control characters. */
export const PRINCIPAL_PATTERN = /^User:[^\s\p{Cc}][^\p{Cc}]*$/u;

const TOPIC_NAME = /^[a-zA-Z0-9._-]+$/;

export interface BindingInput {
  resourceType: BindingResourceType;
  resourceName: string;
  patternType: (typeof BINDING_PATTERN_TYPES)[number];
  operation: AclOperation;
  host: string;
}

/** The first thing wrong with a binding, as the field and why; undefined when it is fine. */
export function bindingProblem(binding: BindingInput): { field: keyof BindingInput; message: string } | undefined {
  const allowed = OPERATIONS_BY_RESOURCE[binding.resourceType];
  if (!allowed.includes(binding.operation)) {
    return { field: 'operation', message: `${binding.operation} does not apply to a ${binding.resourceType}: use one of ${allowed.join(', ')}` };
  }
  if (binding.host !== '*' && isIP(binding.host) === 0) {
    return { field: 'host', message: 'Kafka matches ACL hosts by IP address: give "*" (any host) or one IPv4/IPv6 address' };
  }
  if (binding.resourceName === '*' && binding.patternType === 'PREFIXED') {
    return { field: 'patternType', message: '"*" (every resource) is a LITERAL name; a PREFIXED "*" would only match names starting with "*"' };
  }
  if (binding.resourceType === 'CLUSTER' && (binding.resourceName !== CLUSTER_RESOURCE_NAME || binding.patternType !== 'LITERAL')) {
    return { field: 'resourceName', message: `The CLUSTER resource is always the LITERAL name "${CLUSTER_RESOURCE_NAME}"` };
  }
  if (binding.resourceType === 'TOPIC' && binding.resourceName !== '*' && (!TOPIC_NAME.test(binding.resourceName) || binding.resourceName.length > 249)) {
    return { field: 'resourceName', message: 'A topic name (or prefix) has at most 249 characters from a-z, A-Z, 0-9, ".", "_" and "-"' };
  }
  return undefined;
}
