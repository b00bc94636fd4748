import { describe, expect, it } from 'vitest';
import { PRODUCTION_HASH_COST, passwordHashCost, TEST_HASH_COST } from './passwords.ts';

describe('password hashing cost', () => {
  it("is OWASP's argon2id baseline unless a Vitest run asks for the test cost", () => {
    expect(PRODUCTION_HASH_COST).toEqual({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
    expect(passwordHashCost({})).toBe(PRODUCTION_HASH_COST);
    // A production setting alone never lowers it: only inside Vitest.
    expect(passwordHashCost({ PASSWORD_HASH_COST: 'test' })).toBe(PRODUCTION_HASH_COST);
    expect(passwordHashCost({ VITEST: 'true' })).toBe(PRODUCTION_HASH_COST);
    expect(passwordHashCost({ VITEST: 'true', PASSWORD_HASH_COST: 'test' })).toBe(TEST_HASH_COST);
  });
});
