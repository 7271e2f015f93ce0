/** Kafka's topic name rules (org.apache.kafka.common.internals.Topic), checked before asking the broker. */
const MAX_NAME_LENGTH = 249;
const LEGAL = /^[a-zA-Z0-9._-]+$/;

/** Why the name is not a legal topic name, or null when it is. */
export function topicNameProblem(name: string): string | null {
  if (name.length === 0) return 'must not be empty';
  if (name === '.' || name === '..') return 'cannot be "." or ".."';
  if (name.length > MAX_NAME_LENGTH) return `is ${name.length} characters long; Kafka allows at most ${MAX_NAME_LENGTH}`;
  if (!LEGAL.test(name)) return 'may contain only ASCII letters, digits, ".", "_" and "-"';
  return null;
}

/**
 * Kafka uses "." and "_" interchangeably in metric names, so it refuses a topic whose name differs from an existing
 * one only by those: the existing topic this one would collide with, if any.
 */
export function collidingTopic(name: string, existing: Iterable<string>): string | undefined {
  const key = name.replace(/\./g, '_');
  for (const other of existing) if (other !== name && other.replace(/\./g, '_') === key) return other;
  return undefined;
}
