import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';

/** The rule as first written (the hash chain's existing entries were made with it). */
function reference(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

describe('canonicalJson', () => {
  it('gives the same text as the original rule for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the same text for any key order, with index-like keys and values JSON leaves out', () => {
    const keys = fc.oneof(fc.string(), fc.constantFrom('0', '1', '2', '9', '10', '01', '-1', '4294967295', '__proto_'));
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom(null, true, false, undefined, Number.NaN, -0, Number.POSITIVE_INFINITY, 1.5e300),
        fc.string(),
        fc.integer(),
        fc.date({ noInvalidDate: true }),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(keys, tie('node'), { maxKeys: 6 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalJson(v)).toBe(reference(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('sorts keys at every depth, array indexes first as objects list them', () => {
    expect(canonicalJson({ b: 1, a: { 10: 'x', 9: 'y', c: [{ z: 1, y: 2 }] }, 2: null })).toBe(
      '{"2":null,"a":{"9":"y","10":"x","c":[{"y":2,"z":1}]},"b":1}',
    );
    expect(canonicalJson({ b: 2, a: 1 })).toBe(canonicalJson({ a: 1, b: 2 }));
  });

  it('refuses a BigInt, as JSON does', () => {
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
  });
});
