import { describe, expect, it } from 'vitest';
import { newKafkaClusterId } from '../../../test/stack/plan';

describe('newKafkaClusterId', () => {
  it('never starts with "-" (kafka-storage would take it for an option) and has the Uuid shape', () => {
    // about 1 in 64 random ids starts with '-', so 2,000 draws meet that case many times over
    for (let i = 0; i < 2_000; i++) {
      const id = newKafkaClusterId();
      expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    }
  });
});
