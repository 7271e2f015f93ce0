import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateKeyFile } from '../../../server/secrets/key-file';
import { SecretBox } from '../../../server/secrets/secret-box';

describe('SecretBox', () => {
  const box = new SecretBox('a-test-key-of-enough-length');

  it('round-trips and never stores the plaintext', () => {
    const stored = box.encrypt('hunter2');
    expect(stored).toMatch(/^v1:/);
    expect(stored).not.toContain('hunter2');
    expect(box.decrypt(stored)).toBe('hunter2');
    expect(box.encrypt('hunter2')).not.toBe(stored); // fresh IV every time
  });

  it('refuses a value encrypted with another key, naming the variable to check', () => {
    const other = new SecretBox('another-key-of-enough-length');
    expect(() => other.decrypt(box.encrypt('x'))).toThrowError(/CONNECTORY_SECRET_KEY/);
  });

  it('refuses tampered ciphertext', () => {
    const [format, iv, tag, data] = box.encrypt('hunter2').split(':');
    const flipped = Buffer.from(data!, 'base64url');
    flipped[0]! ^= 1;
    expect(() => box.decrypt([format, iv, tag, flipped.toString('base64url')].join(':'))).toThrowError(/cannot decrypt/);
  });
});

describe('loadOrCreateKeyFile', () => {
  it('generates a private key file once and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'connectory-key-'));
    try {
      const first = loadOrCreateKeyFile(join(dir, 'data'));
      expect(first.generated).toBe(true);
      expect(statSync(first.path).mode & 0o777).toBe(0o600);
      const second = loadOrCreateKeyFile(join(dir, 'data'));
      expect(second).toEqual({ ...first, generated: false });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
