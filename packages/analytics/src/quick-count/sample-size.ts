export interface SampleSizeInput {
  /** N: voters in the population (registered, or expected to vote). */
  population: number;
  /** E as a fraction: 0.0032 for ±0.32 points. */
  marginOfError: number;
  /** Z for the confidence level: 2.58 for 99%, 1.96 for 95%. */
  z: number;
  /** P, the assumed share; 0.5 is the most conservative (default). */
  proportion?: number;
  /** Mean voters per station, to turn voters into stations. */
  votersPerStation?: number;
}

export interface SampleSize {
  /** n, unrounded. */
  voters: number;
  /** ⌈n / votersPerStation⌉, when votersPerStation is given. */
  stations: number | null;
}

/**
 * The NDI handbook's sample size (Estok, Nevitte & Cowan, "The Quick Count and Election
 * Observation", NDI 2002, ch. 5): n = P(1−P) / (E²/Z² + P(1−P)/N), then stations = n / voters per
 * station, rounded up.
 */
export function quickCountSampleSize(input: SampleSizeInput): SampleSize {
  const p = input.proportion ?? 0.5;
  const { population, marginOfError: e, z } = input;
  if (!(population > 0) || !(e > 0) || !(z > 0) || !(p > 0 && p < 1)) {
    throw new RangeError('population, margin of error and z must be > 0, and the proportion in (0, 1)');
  }
  const pq = p * (1 - p);
  const voters = pq / ((e * e) / (z * z) + pq / population);
  return { voters, stations: stationsForVoters(voters, input.votersPerStation) };
}

/** ⌈voters / votersPerStation⌉ (null without a station size). */
export function stationsForVoters(voters: number, votersPerStation?: number): number | null {
  if (votersPerStation === undefined) return null;
  if (!(votersPerStation > 0)) throw new RangeError('voters per station must be > 0');
  // The small tolerance keeps 1020.0000000001 from becoming 1021.
  return Math.ceil(voters / votersPerStation - 1e-9);
}
