import { describe, expect, it } from 'vitest';
import { boundedMemo } from './bounded-memo.ts';

describe('boundedMemo', () => {
  it('computes each key once, remembers falsy results too, and starts over at its limit', () => {
    const calls: string[] = [];
    const memo = boundedMemo((key) => {
      calls.push(key);
      return key === 'no' ? false : key.length;
    }, 3);
    expect([memo('a'), memo('bb'), memo('a'), memo('no'), memo('no')]).toEqual([1, 2, 1, false, false]);
    expect(calls).toEqual(['a', 'bb', 'no']);
    // Full: the next new key empties it, so what was known is computed again.
    expect(memo('cccc')).toBe(4);
    expect(memo('a')).toBe(1);
    expect(calls).toEqual(['a', 'bb', 'no', 'cccc', 'a']);
  });
});
