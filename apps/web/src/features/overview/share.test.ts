import { describe, expect, it } from 'vitest';
import { shareOf } from './share.ts';

describe('shareOf', () => {
  it('rounds a share of a whole to a percentage', () => {
    expect(shareOf(1, 3)).toBe(33);
    expect(shareOf(4, 4)).toBe(100);
    expect(shareOf(0, 7)).toBe(0);
  });

  it('has no value without a whole: never NaN% or inf%', () => {
    expect(shareOf(0, 0)).toBeNull();
    expect(shareOf(5, 0)).toBeNull();
    expect(shareOf(Number.NaN, 4)).toBeNull();
  });
});
