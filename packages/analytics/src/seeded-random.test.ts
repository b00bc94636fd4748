import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random.ts';

describe('seeded random', () => {
  it('repeats for a seed, differs between seeds, and stays in range', () => {
    const a = seededRandom('2024-pvt');
    const b = seededRandom('2024-pvt');
    const c = seededRandom('2024-pvt!');
    const xs = Array.from({ length: 100 }, () => a.nextUint32());
    expect(Array.from({ length: 100 }, () => b.nextUint32())).toEqual(xs);
    expect(Array.from({ length: 100 }, () => c.nextUint32())).not.toEqual(xs);
    const counts = new Array(7).fill(0);
    let outOfRange = 0;
    for (let i = 0; i < 70_000; i++) {
      const v = a.nextInt(7);
      if (!(v >= 0 && v < 7)) outOfRange += 1;
      counts[v] += 1;
    }
    expect(outOfRange).toBe(0);
    for (const n of counts) expect(Math.abs(n - 10_000)).toBeLessThan(500);
    expect(() => a.nextInt(0)).toThrow(RangeError);
  });
});
