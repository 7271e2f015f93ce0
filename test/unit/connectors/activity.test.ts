import { describe, expect, it } from 'vitest';
import { taskOfClient } from '../../../server/connectors/activity';
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
