import type { KafkaApi } from '../api';
import type { Reader } from '../codec/reader';
import type { Writer } from '../codec/writer';
import {
  ACL_OPERATIONS,
  ACL_PATTERN_TYPES,
  ACL_PERMISSION_TYPES,
  ACL_RESOURCE_TYPES,
  aclCode,
  aclName,
  type AclBinding,
  type AclBindingFilter,
} from '../acl-types';

/*
 * The ACL APIs, v1–v3 (v1 brought pattern types, KIP-290; v2 is flexible; v3 adds the USER resource type, and
 * Kafka 4 dropped v0). All three answer only where the broker runs an authorizer: SECURITY_DISABLED otherwise.
 */

export interface DescribeAclsResponse {
  errorCode: number;
  errorMessage: string | null;
  bindings: AclBinding[];
}

export interface AclCreationResult {
  errorCode: number;
  errorMessage: string | null;
}

export interface AclDeletionResult {
  errorCode: number;
  errorMessage: string | null;
  /** The bindings this filter matched, each with its own outcome. */
  matching: (AclBinding & { errorCode: number; errorMessage: string | null })[];
}

/** DescribeAcls (key 29): the bindings one filter matches, grouped by resource on the wire and flattened here. */
export const DescribeAcls: KafkaApi<AclBindingFilter, DescribeAclsResponse> = {
  key: 29,
  name: 'DescribeAcls',
  minVersion: 1,
  maxVersion: 3,
  flexibleFrom: 2,
  encode(writer, filter) {
    writeFilter(writer, filter);
    writer.tags();
  },
  decode(reader) {
    reader.int32(); // throttle_time_ms
    const errorCode = reader.int16();
    const errorMessage = messageOf(reader);
    const resources = reader.array((r) => {
      const resourceType = aclName(ACL_RESOURCE_TYPES, r.int8());
      const resourceName = r.string();
      const patternType = aclName(ACL_PATTERN_TYPES, r.int8());
      const acls = r.array((a) => {
        const acl = { principal: a.string(), host: a.string(), operation: aclName(ACL_OPERATIONS, a.int8()), permissionType: aclName(ACL_PERMISSION_TYPES, a.int8()) };
        a.tags();
        return acl;
      });
      r.tags();
      return acls.map((acl) => ({ resourceType, resourceName, patternType, ...acl }));
    });
    reader.tags();
    return { errorCode, errorMessage, bindings: resources.flat() };
  },
};

/** CreateAcls (key 30): one result per binding, in the request's order. */
export const CreateAcls: KafkaApi<{ creations: AclBinding[] }, { results: AclCreationResult[] }> = {
  key: 30,
  name: 'CreateAcls',
  minVersion: 1,
  maxVersion: 3,
  flexibleFrom: 2,
  encode(writer, request) {
    writer.array(request.creations, (binding) => {
      writer.int8(aclCode(ACL_RESOURCE_TYPES, binding.resourceType)).string(binding.resourceName).int8(aclCode(ACL_PATTERN_TYPES, binding.patternType));
      writer.string(binding.principal).string(binding.host);
      writer.int8(aclCode(ACL_OPERATIONS, binding.operation)).int8(aclCode(ACL_PERMISSION_TYPES, binding.permissionType)).tags();
    });
    writer.tags();
  },
  decode(reader) {
    reader.int32(); // throttle_time_ms
    const results = reader.array((r) => {
      const result = { errorCode: r.int16(), errorMessage: messageOf(r) };
      r.tags();
      return result;
    });
    reader.tags();
    return { results };
  },
};

/** DeleteAcls (key 31): one result per filter, listing every binding it matched (and deleted). */
export const DeleteAcls: KafkaApi<{ filters: AclBindingFilter[] }, { results: AclDeletionResult[] }> = {
  key: 31,
  name: 'DeleteAcls',
  minVersion: 1,
  maxVersion: 3,
  flexibleFrom: 2,
  encode(writer, request) {
    writer.array(request.filters, (filter) => {
      writeFilter(writer, filter);
      writer.tags();
    });
    writer.tags();
  },
  decode(reader) {
    reader.int32(); // throttle_time_ms
    const results = reader.array((r) => {
      const errorCode = r.int16();
      const errorMessage = messageOf(r);
      const matching = r.array(readMatchingAcl);
      r.tags();
      return { errorCode, errorMessage, matching };
    });
    reader.tags();
    return { results };
  },
};

function writeFilter(writer: Writer, filter: AclBindingFilter): void {
  writer.int8(aclCode(ACL_RESOURCE_TYPES, filter.resourceType)).nullableString(filter.resourceName).int8(aclCode(ACL_PATTERN_TYPES, filter.patternType));
  writer.nullableString(filter.principal).nullableString(filter.host);
  writer.int8(aclCode(ACL_OPERATIONS, filter.operation)).int8(aclCode(ACL_PERMISSION_TYPES, filter.permissionType));
}

function readMatchingAcl(reader: Reader) {
  const acl = {
    errorCode: reader.int16(),
    errorMessage: messageOf(reader),
    resourceType: aclName(ACL_RESOURCE_TYPES, reader.int8()),
    resourceName: reader.string(),
    patternType: aclName(ACL_PATTERN_TYPES, reader.int8()),
    principal: reader.string(),
    host: reader.string(),
    operation: aclName(ACL_OPERATIONS, reader.int8()),
    permissionType: aclName(ACL_PERMISSION_TYPES, reader.int8()),
  };
  reader.tags();
  return acl;
}

/** Brokers send "" rather than null beside a success: either way there is nothing to say. */
function messageOf(reader: Reader): string | null {
  return reader.nullableString() || null;
}
