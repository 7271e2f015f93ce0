/**
 * Listing, creating and deleting a cluster's ACL bindings through the KafkaClient. The controller applies a
 * change and the broker answering DescribeAcls learns of it a moment later, so a change here returns once the
 * broker shows it: the list a caller reads next is already right.
 */
import type { KafkaClient } from '../kafka/client';
import { KafkaApiError, type AclBinding, type AclBindingFilter } from '../kafka/protocol';
import { ApiError } from '../http/errors';
import { bindingProblem, type BindingInput } from './rules';

export interface AclListFilter {
  principal?: string | undefined;
  resourceType?: AclBindingFilter['resourceType'] | undefined;
  resourceName?: string | undefined;
  patternType?: 'LITERAL' | 'PREFIXED' | 'MATCH' | undefined;
  operation?: AclBindingFilter['operation'] | undefined;
  permissionType?: AclBindingFilter['permissionType'] | undefined;
}

const VISIBLE_WITHIN_MS = 5_000;

/** One page of the matching bindings: DescribeAcls answers them all at once, so paging happens here. */
export async function listAcls(kafka: KafkaClient, filter: AclListFilter, page = { page: 1, size: 100 }) {
  const all = sortBindings(await describe(kafka, toFilter(filter)));
  const items = all.slice((page.page - 1) * page.size, page.page * page.size);
  return { items, total: all.length, page: page.page, size: page.size };
}

/**
 * Creates the bindings all or none: when the broker refuses one, the others it took from this request are
 * deleted again before the refusal goes to the caller.
 */
export async function createAcls(kafka: KafkaClient, bindings: AclBinding[]): Promise<AclBinding[]> {
  for (const binding of bindings) {
    const problem = bindingProblem(binding as BindingInput);
    if (problem) throw ApiError.badRequest(problem.message, problem.field);
  }
  const { results } = await kafka.createAcls(bindings);
  const failed = results.findIndex((result) => result.errorCode !== 0);
  if (failed >= 0) {
    const created = bindings.filter((_, index) => results[index]?.errorCode === 0);
    if (created.length > 0) await kafka.deleteAcls(created.map(exactFilter)).catch(() => {});
    const result = results[failed]!;
    throw new KafkaApiError(result.errorCode, `CreateAcls ${describeBinding(bindings[failed]!)}`, result.errorMessage);
  }
  await untilBroker(kafka, bindings, true);
  return bindings;
}

/** Deletes exactly one binding; 404 when the cluster has no such binding. */
export async function deleteAcl(kafka: KafkaClient, binding: AclBinding): Promise<AclBinding[]> {
  const { results } = await kafka.deleteAcls([exactFilter(binding)]);
  const result = results[0];
  if (!result) throw new Error('DeleteAcls: the broker answered no result for the filter');
  if (result.errorCode !== 0) throw new KafkaApiError(result.errorCode, `DeleteAcls ${describeBinding(binding)}`, result.errorMessage);
  const refused = result.matching.find((match) => match.errorCode !== 0);
  if (refused) throw new KafkaApiError(refused.errorCode, `DeleteAcls ${describeBinding(binding)}`, refused.errorMessage);
  if (result.matching.length === 0) throw ApiError.notFound(`No ACL ${describeBinding(binding)} on Kafka cluster "${kafka.clusterId}"`);
  const deleted = result.matching.map(({ errorCode: _code, errorMessage: _message, ...match }) => match);
  await untilBroker(kafka, deleted, false);
  return deleted;
}

export function describeBinding(binding: AclBinding): string {
  return `${binding.permissionType} ${binding.principal} ${binding.operation} on ${binding.resourceType} ${binding.patternType} "${binding.resourceName}" from ${binding.host}`;
}

async function describe(kafka: KafkaClient, filter: AclBindingFilter): Promise<AclBinding[]> {
  const answer = await kafka.describeAcls(filter);
  if (answer.errorCode !== 0) throw new KafkaApiError(answer.errorCode, 'DescribeAcls', answer.errorMessage);
  return answer.bindings;
}

function toFilter(filter: AclListFilter): AclBindingFilter {
  return {
    resourceType: filter.resourceType ?? 'ANY',
    resourceName: filter.resourceName ?? null,
    patternType: filter.patternType ?? 'ANY',
    principal: filter.principal ?? null,
    host: null,
    operation: filter.operation ?? 'ANY',
    permissionType: filter.permissionType ?? 'ANY',
  };
}

function exactFilter(binding: AclBinding): AclBindingFilter {
  return { ...binding };
}

/** Waits (bounded) until the broker lists every binding (`present`) or none of them. */
async function untilBroker(kafka: KafkaClient, bindings: AclBinding[], present: boolean): Promise<void> {
  const principals = [...new Set(bindings.map((binding) => binding.principal))];
  const deadline = Date.now() + VISIBLE_WITHIN_MS;
  for (;;) {
    const listed = new Set((await Promise.all(principals.map((principal) => describe(kafka, toFilter({ principal }))))).flat().map(keyOf));
    if (bindings.every((binding) => listed.has(keyOf(binding)) === present) || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function keyOf(binding: AclBinding): string {
  return [binding.resourceType, binding.patternType, binding.resourceName, binding.principal, binding.host, binding.operation, binding.permissionType].join('\u0000');
}

const ORDER: (keyof AclBinding)[] = ['resourceType', 'resourceName', 'patternType', 'principal', 'operation', 'permissionType', 'host'];

function sortBindings(bindings: AclBinding[]): AclBinding[] {
  return [...bindings].sort((a, b) => {
    for (const key of ORDER) {
      const order = a[key].localeCompare(b[key]);
      if (order !== 0) return order;
    }
    return 0;
  });
}
