import type { TopicChange, TopicConfig } from './api';

/** Set on the topic itself, rather than inherited from the broker or Kafka's defaults. */
export function isTopicOverride(config: TopicConfig): boolean {
  return !config.isDefault;
}

/** What the editor starts from: a topic's own values; inherited ones stay empty (shown as placeholder). */
export function editableValues(configs: TopicConfig[]): Record<string, string> {
  return Object.fromEntries(configs.map((config) => [config.name, isTopicOverride(config) ? (config.value ?? '') : '']));
}

/**
 * Only the keys the user changed: a new or different value is set, an emptied
 * override is deleted (back to the inherited value). Everything else is not sent,
 * so a change made elsewhere meanwhile is not overwritten.
 */
export function configChanges(configs: TopicConfig[], edited: Record<string, string>): NonNullable<TopicChange['configs']> {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const config of configs) {
    const before = isTopicOverride(config) ? (config.value ?? '') : '';
    const after = (edited[config.name] ?? before).trim();
    if (after === before) continue;
    if (after === '') remove.push(config.name);
    else set[config.name] = after;
  }
  return { ...(Object.keys(set).length ? { set } : {}), ...(remove.length ? { delete: remove } : {}) };
}

export function changeCount(change: NonNullable<TopicChange['configs']>): number {
  return Object.keys(change.set ?? {}).length + (change.delete?.length ?? 0);
}

const SOURCE_LABELS: Record<string, string> = {
  DYNAMIC_TOPIC_CONFIG: 'topic',
  DYNAMIC_BROKER_LOGGER_CONFIG: 'broker logger',
  DYNAMIC_BROKER_CONFIG: 'broker (dynamic)',
  DYNAMIC_DEFAULT_BROKER_CONFIG: 'cluster default (dynamic)',
  DYNAMIC_CLIENT_METRICS_CONFIG: 'client metrics',
  DYNAMIC_GROUP_CONFIG: 'group',
  STATIC_BROKER_CONFIG: 'broker (server.properties)',
  DEFAULT_CONFIG: 'Kafka default',
  UNKNOWN: 'unknown',
};

/** Where a value comes from, in words; accepts Kafka's names in any case. */
export function sourceLabel(source: string | undefined): string {
  if (!source) return '—';
  const key = source.toUpperCase().replace(/[^A-Z]+/g, '_');
  return SOURCE_LABELS[key] ?? source.toLowerCase().replace(/_/g, ' ');
}
