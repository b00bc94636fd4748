import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTrustProxy, throttleKeyForAddress } from './client-address.ts';

// Issue 21 (fuzzing): the address and proxy settings parsers take outside input.
describe('client address parsing under arbitrary input', () => {
  it('maps any string to a key without throwing, and every address of a /64 to one key', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        expect(typeof throttleKeyForAddress(text)).toBe('string');
      }),
    );
    fc.assert(
      fc.property(fc.ipV6(), fc.ipV6(), (a, b) => {
        const prefix = (x: string) => throttleKeyForAddress(x);
        // Same first four groups → same key.
        const groups = (x: string) => prefix(x).replace('::/64', '');
        if (groups(a) === groups(b)) expect(prefix(a)).toBe(prefix(b));
        expect(prefix(a)).toMatch(/::\/64$|^\d+\.\d+\.\d+\.\d+$/);
      }),
    );
  });

  it('reads a TRUST_PROXY value or refuses it with a message naming the variable', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        try {
          parseTrustProxy(text);
        } catch (error) {
          expect(String(error)).toContain('TRUST_PROXY');
        }
      }),
    );
  });
});
