import { describe, expect, it } from 'vitest';
import { toApiError } from '../../../server/connect/api-errors';
import { ConnectError, ConnectUnreachableError } from '../../../server/connect/errors';
import type { ConnectorListing } from '../../../server/connect/types';
import { filterAndPage, summarize } from '../../../server/connectors/summary';
import { ApiError } from '../../../server/http/errors';

function listing(name: string, state: string, tasks: string[], type: 'source' | 'sink' = 'source', cls = 'io.example.FileSource'): ConnectorListing {
  return {
    name,
    info: { name, type, config: { 'connector.class': cls }, taskIds: tasks.map((_, id) => id) },
    status: {
      name,
      type,
      connector: { state, workerId: 'w1:8083' },
      tasks: tasks.map((taskState, id) => ({ id, state: taskState, workerId: 'w2:8083' })),
    },
  };
}

describe('connector summaries', () => {
  it('carry state, worker, tasks and counts per state', () => {
    expect(summarize('local', listing('orders', 'RUNNING', ['RUNNING', 'FAILED', 'RUNNING']))).toEqual({
      connectId: 'local',
      name: 'orders',
      type: 'source',
      class: 'io.example.FileSource',
      state: 'RUNNING',
      workerId: 'w1:8083',
      tasks: [
        { id: 0, state: 'RUNNING', workerId: 'w2:8083' },
        { id: 1, state: 'FAILED', workerId: 'w2:8083' },
        { id: 2, state: 'RUNNING', workerId: 'w2:8083' },
      ],
      taskCounts: { running: 2, failed: 1, paused: 0, stopped: 0, unassigned: 0, restarting: 0, total: 3 },
      migration: null,
    });
  });

  it('name the migration that owns a MirrorMaker 2 connector', () => {
    const owned = listing('mm2-0f1e2d3c-source', 'RUNNING', ['RUNNING']);
    owned.info!.config['connectory.migration.id'] = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
    expect(summarize('local', owned).migration).toBe('0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0');
  });

  it('show UNKNOWN while Connect has no status (mid-rebalance)', () => {
    expect(summarize('local', { name: 'new', info: undefined, status: undefined })).toMatchObject({ state: 'UNKNOWN', type: 'unknown', class: null, tasks: [] });
  });

  it('filter by state, type, class and name, sort by cluster then name, and page', () => {
    const items = [
      summarize('b', listing('zeta', 'RUNNING', ['RUNNING'])),
      summarize('a', listing('orders-sink', 'PAUSED', ['PAUSED'], 'sink', 'io.example.JdbcSink')),
      summarize('a', listing('orders-src', 'FAILED', [], 'source', 'io.example.JdbcSource')),
      summarize('a', listing('payments', 'RUNNING', ['RUNNING'])),
    ];
    const names = (result: { items: { name: string }[] }) => result.items.map((item) => item.name);
    const all = { page: 1, size: 50 };
    expect(names(filterAndPage(items, {}, all))).toEqual(['orders-sink', 'orders-src', 'payments', 'zeta']);
    expect(names(filterAndPage(items, { states: ['paused', 'FAILED'] }, all))).toEqual(['orders-sink', 'orders-src']);
    expect(names(filterAndPage(items, { type: 'sink' }, all))).toEqual(['orders-sink']);
    expect(names(filterAndPage(items, { class: 'jdbc' }, all))).toEqual(['orders-sink', 'orders-src']);
    expect(names(filterAndPage(items, { q: 'ORDERS' }, all))).toEqual(['orders-sink', 'orders-src']);
    expect(filterAndPage(items, {}, { page: 2, size: 3 })).toMatchObject({ total: 4, items: [{ name: 'zeta' }] });
  });
});

describe('Connect errors as API errors', () => {
  const error = (status: number, message: string) => new ConnectError('http://w1:8083', status, message, 'GET /connectors/x');
  const mapped = (e: unknown) => toApiError(e, 'prod') as ApiError;

  it("keep the worker's status where it means the same, and its message, naming the cluster", () => {
    expect(mapped(error(404, 'Connector x not found'))).toMatchObject({ status: 404, code: 'not_found', message: 'Kafka Connect cluster "prod" (worker http://w1:8083): Connector x not found' });
    expect(mapped(error(409, 'rebalance in progress'))).toMatchObject({ status: 409, code: 'conflict' });
    expect(mapped(error(500, 'Request cannot be completed because a rebalance is expected'))).toMatchObject({ status: 409, code: 'conflict' });
    expect(mapped(error(400, 'Connector configuration is invalid'))).toMatchObject({ status: 400, code: 'rejected_by_connect' });
    expect(mapped(error(500, 'boom'))).toMatchObject({ status: 502, code: 'connect_error' });
    expect(mapped(new ConnectError('http://w1:8083', 405, 'offsets … not supported', 'GET /x', { notSupported: true }))).toMatchObject({ status: 501, code: 'not_supported' });
  });

  it('turn an unreachable cluster into 503 listing each worker', () => {
    const unreachable = new ConnectUnreachableError('GET /connectors', [{ workerUrl: 'http://w1:8083', reason: 'ECONNREFUSED' }]);
    expect(mapped(unreachable)).toMatchObject({ status: 503, code: 'unreachable', message: 'Kafka Connect cluster "prod": no worker answered GET /connectors (http://w1:8083: ECONNREFUSED)' });
    const other = new Error('x');
    expect(toApiError(other, 'prod')).toBe(other);
  });
});
