// Where a template may be used: every cluster (null) or one. Connector templates are scoped by Connect cluster,
// topic templates by Kafka cluster: the kind of cluster each is used on (see server/templates/scope.ts).

export type ScopeKind = 'kafka' | 'connect';
export type Scope = string | null;

const KIND_NAME: Record<ScopeKind, string> = { kafka: 'Kafka', connect: 'Connect' };

export const scopeLabel = (kind: ScopeKind, scope: Scope): string => (scope === null ? 'Every cluster' : `Only ${KIND_NAME[kind]} cluster ${scope}`);

/** Whether a template of `scope` is offered on cluster `clusterId`. */
export const usableOn = (scope: Scope, clusterId: string): boolean => scope === null || scope === clusterId;

/** A template id from a name: lower-case letters, digits and hyphens, at most 63 characters, as the API wants. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}
