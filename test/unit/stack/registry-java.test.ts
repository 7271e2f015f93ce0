import { describe, expect, it } from 'vitest';
import { findJava, javaMajor } from '../../stack/registry/java';

describe('finding a Java for the schema registry', () => {
  it('reads major versions the way JDKs write them', () => {
    expect(javaMajor('25.0.3')).toBe(25);
    expect(javaMajor('21')).toBe(21);
    expect(javaMajor('1.8.0_402')).toBe(8);
    expect(javaMajor('17.0.15+6')).toBe(17);
    expect(javaMajor('x')).toBeUndefined();
  });

  it('fails with a message naming what is installed and what is needed', () => {
    expect(() => findJava(999)).toThrow(/needs Java 999 or newer; installed: .*Install one/);
  });
});
