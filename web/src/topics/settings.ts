import type { ConfigHelp } from './api';

/** A setting row: the cluster's documentation of it, or only its name when the broker did not describe it. */
export type SettingHelp = Pick<ConfigHelp, 'name'> & Partial<ConfigHelp>;

/** The settings people change most, shown first; the rest follow alphabetically. */
export const COMMON_SETTINGS = [
  'cleanup.policy',
  'retention.ms',
  'retention.bytes',
  'min.insync.replicas',
  'compression.type',
  'max.message.bytes',
  'segment.bytes',
  'segment.ms',
  'min.cleanable.dirty.ratio',
  'delete.retention.ms',
];

export function orderSettings<T extends SettingHelp>(help: T[]): { common: T[]; other: T[] } {
  const byName = new Map(help.map((entry) => [entry.name, entry]));
  const common = COMMON_SETTINGS.map((name) => byName.get(name)).filter((entry): entry is T => !!entry);
  const other = help.filter((entry) => !COMMON_SETTINGS.includes(entry.name)).sort((a, b) => a.name.localeCompare(b.name));
  return { common, other };
}

const DURATION_UNITS: [string, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** A plain reading of a raw value, e.g. retention.ms 604800000 → "7 days"; undefined when there is nothing to add. */
export function readable(name: string, value: string | null | undefined): string | undefined {
  if (value === null || value === undefined || value.trim() === '' || !/^-?\d+$/.test(value.trim())) return undefined;
  const number = Number(value);
  // -1 and Long.MAX_VALUE both mean "no limit" for Kafka's time and size settings.
  if ((number === -1 || number >= 9e18) && (name.endsWith('.ms') || name.endsWith('.bytes'))) return 'unlimited';
  if (name.endsWith('.ms')) return duration(number);
  if (name.endsWith('.bytes')) return bytes(number);
  return undefined;
}

function duration(ms: number): string | undefined {
  if (ms < 1000) return undefined;
  for (const [unit, size] of DURATION_UNITS) {
    if (ms >= size && ms % size === 0) return `${ms / size} ${unit}${ms / size === 1 ? '' : 's'}`;
  }
  const [unit, size] = DURATION_UNITS.find(([, size]) => ms >= size) ?? DURATION_UNITS[3]!;
  return `≈ ${(ms / size).toFixed(1)} ${unit}s`;
}

function bytes(value: number): string | undefined {
  if (value < 1024) return undefined;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let scaled = value;
  let unit = -1;
  while (scaled >= 1024 && unit < units.length - 1) {
    scaled /= 1024;
    unit += 1;
  }
  return `${Number.isInteger(scaled) ? scaled : scaled.toFixed(1)} ${units[unit]}`;
}

const TOPIC_NAME = /^[a-zA-Z0-9._-]+$/;

/** Kafka's own rule for topic names, checked before the round trip. */
export function topicNameProblem(name: string): string | undefined {
  if (!name) return 'Name the topic.';
  if (name === '.' || name === '..') return 'A topic cannot be called "." or "..".';
  if (name.length > 249) return 'Use at most 249 characters.';
  if (!TOPIC_NAME.test(name)) return 'Use only letters, digits, ".", "_" and "-".';
  return undefined;
}

export function wholeNumberProblem(text: string, what: string, min = 1): string | undefined {
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value)) return `Enter the ${what} as a whole number.`;
  if (value < min) return `Use at least ${min}.`;
  return undefined;
}

/** Server field paths for settings look like `configs.retention.ms`; the form knows the key. */
export function settingFromField(field: string | undefined): string | undefined {
  if (!field) return undefined;
  for (const prefix of ['configs.set.', 'configs.delete.', 'configs.']) {
    if (field.startsWith(prefix)) return field.slice(prefix.length);
  }
  return undefined;
}
