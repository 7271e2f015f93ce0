import { describe, expect, it } from 'vitest';
import { connectorActivity, taskOfClient, type ActivityDeps } from '../../../server/connectors/activity';
import { ConnectError } from '../../../server/connect/errors';
import type { OpenedCluster } from '../../../server/connect/services';
import { Readings } from '../../../server/connectors/activity-readings';

describe('connector activity readings', () => {
  it('has no rate from one reading, then the growth per second over the kept window', () => {
    const readings = new Readings();
    expect(readings.add('c', { at: 10_000, position: 100 }).rate).toBeNull();
    // Closer than a second: noise, not a rate.
    expect(readings.add('c', { at: 10_500, position: 101 }).rate).toBeNull();
    const later = readings.add('c', { at: 12_000, position: 120 });
    expect(later.rate).toEqual({ perSec: 10, windowMs: 2_000 });
    expect(later.lastGrowthAt).toBe(12_000);
  });

  it('measures the last half minute only, and starts over when the position goes back', () => {
    const readings = new Readings();
    readings.add('c', { at: 0, position: 0 });
    readings.add('c', { at: 20_000, position: 1_000 });
    expect(readings.add('c', { at: 40_000, position: 1_000 }).rate).toEqual({ perSec: 0, windowMs: 20_000 });
    readings.add('c', { at: 41_000, position: 5 });
    expect(readings.add('c', { at: 43_000, position: 25 }).rate).toEqual({ perSec: 10, windowMs: 2_000 });
  });

  it('keeps connectors apart and forgets idle ones', () => {
    const readings = new Readings({ forgetAfterMs: 60_000 });
    readings.add('a', { at: 0, position: 0 });
    readings.add('b', { at: 0, position: 0 });
    expect(readings.add('a', { at: 2_000, position: 4 }).rate?.perSec).toBe(2);
    expect(readings.add('b', { at: 120_000, position: 50 }).rate).toBeNull();
  });
});

describe('sink task of a consumer client id', () => {
  it('reads Connect’s connector-consumer-<name>-<task>', () => {
    expect(taskOfClient('connector-consumer-orders-sink-3', 'orders-sink')).toBe(3);
    expect(taskOfClient('connector-consumer-orders-sink-x', 'orders-sink')).toBeUndefined();
    expect(taskOfClient('connector-consumer-orders-3', 'orders-sink')).toBeUndefined();
  });
});

describe('connector activity right after a create', () => {
  // Connect answers 404 for a new connector's status until it has recorded one (a moment on an idle machine,
  // seconds on a busy one): staged here, as a real worker cannot be held in that moment.
  const opened = (statusError: Error): OpenedCluster =>
    ({
      cluster: { id: 'local', kafkaClusterId: null },
      client: {
        connectorInfo: async (name: string) => ({ name, type: 'source', config: {}, taskIds: [] }),
        connectorStatus: async () => {
          throw statusError;
        },
        connectorTopics: async () => [],
      },
    }) as unknown as OpenedCluster;

  it('answers with no tasks yet instead of a 404 for a connector that exists', async () => {
    const notYet = new ConnectError('http://w1', 404, 'No status found for connector fresh', 'GET /connectors/fresh/status');
    const activity = await connectorActivity({} as ActivityDeps, opened(notYet), 'fresh');
    expect(activity).toMatchObject({ name: 'fresh', type: 'source', tasks: [], recordsPerSec: null });
  });

  it('still fails on any other answer from Connect', async () => {
    const broken = new ConnectError('http://w1', 500, 'boom', 'GET /connectors/fresh/status');
    await expect(connectorActivity({} as ActivityDeps, opened(broken), 'fresh')).rejects.toThrow();
  });
});
