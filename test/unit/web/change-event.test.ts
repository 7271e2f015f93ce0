import { describe, expect, it } from 'vitest';
import { changedColumns, changeEventOf, payloadText } from '../../../web/src/topics/change-event';
import { inOrder, matching } from '../../../web/src/topics/message-query';

const source = { connector: 'mysql', db: 'inventory', table: 'customers', ts_ms: 1_700_000_000_000 };
const insert = { before: null, after: { id: 1005, first_name: 'Ada', email: 'ada@example.com' }, source, op: 'c', ts_ms: 1_700_000_000_123 };
const field = (value: unknown) => ({ value, size: 1, truncated: false });

describe('Debezium change events', () => {
  it('reads an insert with the schema/payload wrapper, as JSON text', () => {
    const event = changeEventOf(field(JSON.stringify({ schema: { type: 'struct', fields: [] }, payload: insert })));
    expect(event).toMatchObject({ op: 'c', row: insert.after, table: 'inventory.customers', tsMs: 1_700_000_000_123, hadSchema: true });
    expect(event?.payload).toEqual(insert);
  });

  it('reads one without the wrapper, as parsed JSON; a delete shows the row as it was', () => {
    expect(changeEventOf(field(insert))).toMatchObject({ op: 'c', hadSchema: false });
    const deleted = changeEventOf(field({ ...insert, op: 'd', before: insert.after, after: null }));
    expect(deleted).toMatchObject({ op: 'd', row: insert.after });
  });

  it('names the columns an update changed', () => {
    const event = changeEventOf(field({ ...insert, op: 'u', before: insert.after, after: { ...insert.after, email: 'ada@lovelace.example' } }));
    expect(changedColumns(event!)).toEqual(['email']);
  });

  it('leaves other JSON and text alone', () => {
    expect(changeEventOf(field({ op: 'c' }))).toBeUndefined();
    expect(changeEventOf(field({ op: 'x', before: null, after: {}, source }))).toBeUndefined();
    expect(changeEventOf(field('plain line'))).toBeUndefined();
    expect(changeEventOf(field('{not json'))).toBeUndefined();
    expect(changeEventOf(field(null))).toBeUndefined();
  });
});

describe('messages read', () => {
  const message = (partition: number, offset: number, at: number, value: string, headers: { key: string; value: string | null }[] = []) => ({
    partition,
    offset,
    timestamp: new Date(at).toISOString(),
    timestampType: 'CreateTime' as const,
    key: field(`k${offset}`),
    value: field(value),
    headers,
  });
  const items = [message(0, 1, 1_000, 'one'), message(0, 2, 3_000, 'two'), message(1, 7, 2_000, 'seven', [{ key: 'origin', value: 'billing' }])];

  it('lists newest first across partitions, or as read', () => {
    expect(inOrder(items, true).map((item) => item.offset)).toEqual([2, 7, 1]);
    expect(inOrder(items, false)).toBe(items);
  });

  it('finds by key, value text or header, ignoring case', () => {
    expect(matching(items, 'TWO').map((item) => item.offset)).toEqual([2]);
    expect(matching(items, 'k1').map((item) => item.offset)).toEqual([1]);
    expect(matching(items, 'billing').map((item) => item.offset)).toEqual([7]);
    expect(matching(items, '  ')).toBe(items);
  });
});

describe('schema-wrapped keys', () => {
  it('shows the payload of a {schema, payload} key, and nothing for other values', () => {
    expect(payloadText(field(JSON.stringify({ schema: { type: 'struct' }, payload: { id: 1005 } })))).toBe('{"id":1005}');
    expect(payloadText(field('{"id":1005}'))).toBeUndefined();
    expect(payloadText(field('k1'))).toBeUndefined();
  });
});
