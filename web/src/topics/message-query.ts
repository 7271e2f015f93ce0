import type { DecodedField, MessageFormat, MessageQuery, MessagesAnswer } from './api';

export type StartFrom = 'earliest' | 'latest' | 'offset' | 'timestamp';

export interface BrowseForm {
  /** '' means every partition. */
  partition: string;
  from: StartFrom;
  offset: string;
  /** A datetime-local value, in the viewer's time zone. */
  timestamp: string;
  limit: number;
  format: MessageFormat;
}

export const LIMITS = [10, 25, 50, 100, 250, 500];

export const defaultBrowseForm = (): BrowseForm => ({ partition: '', from: 'latest', offset: '0', timestamp: '', limit: 50, format: 'text' });

/** Turns the form into the server's query, or says what to fix. */
export function toMessageQuery(form: BrowseForm): MessageQuery | { problem: string; field: 'offset' | 'timestamp' } {
  const base = { limit: form.limit, format: form.format, ...(form.partition === '' ? {} : { partition: Number(form.partition) }) };
  switch (form.from) {
    case 'latest':
      return base;
    case 'earliest':
      // The server clamps to each partition's first retained offset.
      return { ...base, offset: 0 };
    case 'offset':
      if (!/^\d+$/.test(form.offset.trim())) return { problem: 'Enter an offset: a whole number, 0 or more.', field: 'offset' };
      return { ...base, offset: Number(form.offset.trim()) };
    case 'timestamp': {
      const at = new Date(form.timestamp);
      if (!form.timestamp || Number.isNaN(at.getTime())) return { problem: 'Pick a date and time.', field: 'timestamp' };
      return { ...base, timestamp: at.getTime() };
    }
  }
}

/** A decoded key or value as text: parsed JSON indented, anything else as it came. */
export function fieldText(field: DecodedField): string {
  if (field.value === null || field.value === undefined) return '';
  if (typeof field.value === 'string') return field.value;
  return JSON.stringify(field.value, null, 2);
}

export const STOPPED_BY: Record<MessagesAnswer['stoppedBy'], string> = {
  limit: 'stopped at the limit',
  end: 'reached the end of the log',
  bytes: 'stopped at the size cap (16 MiB per read)',
  time: 'stopped at the time cap (5 s per read)',
  decompressed: 'stopped at a compressed batch too large to expand (32 MiB per batch, 64 MiB per read)',
};

type BrowsedMessage = MessagesAnswer['items'][number];

/** Newest first: by timestamp across partitions, then by offset. The server reads each partition forward. */
export function inOrder(items: BrowsedMessage[], newestFirst: boolean): BrowsedMessage[] {
  if (!newestFirst) return items;
  return [...items].sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp) || b.offset - a.offset || b.partition - a.partition);
}

/** Messages whose key, value text or a header (name or value) contains `text`, ignoring case. */
export function matching(items: BrowsedMessage[], text: string): BrowsedMessage[] {
  const needle = text.trim().toLowerCase();
  if (!needle) return items;
  return items.filter((message) =>
    [fieldText(message.key), fieldText(message.value), ...message.headers.flatMap((header) => [header.key, header.value ?? ''])].some((part) => part.toLowerCase().includes(needle)),
  );
}
