/** Which source topics and groups a migration covers: names exactly, or a pattern matching the whole name (as MirrorMaker 2 does). */
import type { MigrationSelection } from '../db/tables';

/** Topics MirrorMaker 2 never copies (its `topics.exclude` default) and Kafka's own. */
const EXCLUDED_TOPIC = /(^__.*)|([-.]internal$)|(\.replica$)|(^mm2-)|(^heartbeats$)|(^connect-(configs|offsets|status)$)/;

export function compilePattern(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`);
}

export function selects(selection: MigrationSelection, name: string): boolean {
  return 'names' in selection ? selection.names.includes(name) : compilePattern(selection.pattern).test(name);
}

export function selectedTopics(selection: MigrationSelection, sourceTopics: string[]): string[] {
  return sourceTopics.filter((topic) => !EXCLUDED_TOPIC.test(topic) && selects(selection, topic)).sort();
}

export function selectedGroups(selection: MigrationSelection, sourceGroups: string[]): string[] {
  return sourceGroups.filter((group) => selects(selection, group)).sort();
}
