/**
 * A seeded pseudo-random generator, so that a drawn sample or a simulation can be reproduced from
 * its recorded seed. The algorithms are fixed by name (cyrb128 string hash → sfc32, from
 * PractRand's "small fast counting" family): changing them would change every recorded sample.
 */
export const RANDOM_ALGORITHM = 'sfc32 seeded by cyrb128';

export interface SeededRandom {
  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform in [0, 1), 32 bits of randomness. */
  next(): number;
  /** Uniform whole number in [0, bound), without modulo bias (rejection sampling). */
  nextInt(bound: number): number;
}

/** cyrb128: four 32-bit words from a string, well mixed, for seeding. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

export function seededRandom(seed: string | number): SeededRandom {
  let [a, b, c, d] = cyrb128(String(seed));
  const nextUint32 = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Discard the first outputs: sfc32's state needs a few rounds to mix.
  for (let i = 0; i < 15; i++) nextUint32();
  return {
    nextUint32,
    next: () => nextUint32() / 4294967296,
    nextInt(bound: number): number {
      if (!Number.isInteger(bound) || bound <= 0 || bound > 4294967296) {
        throw new RangeError(`bound must be a whole number in 1…2^32, got ${bound}`);
      }
      const limit = 4294967296 - (4294967296 % bound);
      for (;;) {
        const x = nextUint32();
        if (x < limit) return x % bound;
      }
    },
  };
}

/** A standard normal deviate (Box–Muller), for simulations. */
export function normalDeviate(random: SeededRandom): number {
  const u = 1 - random.next();
  const v = random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
