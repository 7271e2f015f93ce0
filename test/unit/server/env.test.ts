import { describe, expect, it } from 'vitest';
import { deliverySettingsFromEnv, DEFAULT_DELIVERY_SETTINGS } from '../../../server/delivery/settings';
import { ConfigError, EnvReader, hidden } from '../../../server/util/env';

describe('EnvReader', () => {
  it('gives the default for an unset or empty variable', () => {
    const read = new EnvReader({ EMPTY: '' });
    expect(read.text('UNSET', 'x')).toBe('x');
    expect(read.text('EMPTY')).toBeUndefined();
    expect(read.number('EMPTY', 7, { integer: true })).toBe(7);
    expect(read.flag('UNSET', true)).toBe(true);
    expect(read.oneOf('EMPTY', ['a', 'b'], 'b')).toBe('b');
  });

  it('reads numbers, flags and choices', () => {
    const read = new EnvReader({ N: '1.5', I: '42', T: 'true', F: '0', C: 'a' });
    expect(read.number('N', 0, { positive: true })).toBe(1.5);
    expect(read.number('I', 0, { integer: true, min: 0, max: 100 })).toBe(42);
    expect(read.flag('T', false)).toBe(true);
    expect(read.flag('F', true)).toBe(false);
    expect(read.oneOf('C', ['a', 'b'], 'b')).toBe('a');
  });

  it.each([
    ['N', 'lots', { positive: true }, /environment variable N is invalid: must be a positive number \(got "lots"\)/],
    ['N', '0', { positive: true }, /N is invalid: must be a positive number/],
    ['N', '1.5', { integer: true, min: 0, max: 9 }, /N is invalid: must be an integer from 0 to 9 \(got "1.5"\)/],
    ['N', '2000', { positive: true, max: 1000 }, /N is invalid: must be a positive number up to 1000/],
  ])('refuses %s=%s naming the variable', (variable, value, rule, message) => {
    const read = new EnvReader({ [variable]: value });
    expect(() => read.number(variable, 1, rule)).toThrowError(ConfigError);
    expect(() => read.number(variable, 1, rule)).toThrowError(message);
  });

  it('refuses a bad flag or choice, and never shows a hidden value', () => {
    const read = new EnvReader({ B: 'yes', C: 'z', S: 'hunter2' });
    expect(() => read.flag('B', false)).toThrowError(/B is invalid: must be true or false \(got "yes"\)/);
    expect(() => read.oneOf('C', ['a', 'b'], 'a')).toThrowError(/C is invalid: must be one of a, b/);
    const secret = () => read.text('S', undefined, { check: () => 'must be longer', shown: hidden });
    expect(secret).toThrowError(/S is invalid: must be longer \(got "<hidden>"\)/);
    expect(secret).not.toThrowError(/hunter2/);
  });
});

describe('delivery settings from the environment', () => {
  it('defaults to 512 MB uploads and the documented timeouts', () => {
    expect(deliverySettingsFromEnv({})).toEqual(DEFAULT_DELIVERY_SETTINGS);
  });

  it('reads megabytes and seconds', () => {
    expect(deliverySettingsFromEnv({ MAX_UPLOAD_MB: '0.5', DELIVERY_PUSH_TIMEOUT_S: '30', DELIVERY_RESTART_TIMEOUT_S: '5', DELIVERY_VERIFY_TIMEOUT_S: '7.5' })).toEqual({
      ...DEFAULT_DELIVERY_SETTINGS,
      maxUploadBytes: 512 * 1024,
      pushTimeoutMs: 30_000,
      restartTimeoutMs: 5_000,
      verifyTimeoutMs: 7_500,
    });
  });

  it('names the variable that is wrong', () => {
    expect(() => deliverySettingsFromEnv({ MAX_UPLOAD_MB: '-1' })).toThrowError(/environment variable MAX_UPLOAD_MB is invalid/);
    expect(() => deliverySettingsFromEnv({ DELIVERY_VERIFY_TIMEOUT_S: '2000000' })).toThrowError(/DELIVERY_VERIFY_TIMEOUT_S is invalid/);
  });
});
