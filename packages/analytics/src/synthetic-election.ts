import { isIntegerPercent, sampleBinomial } from './binomial.ts';
import { normalDeviate, type SeededRandom, seededRandom } from './seeded-random.ts';
import type { StationResult } from './station-result.ts';

export interface SyntheticElectionOptions {
  stations: number;
  seed: string;
  /** Option keys in ballot order; the first one leads. */
  options?: string[];
  /** Regions the stations are spread over (keys read "Регион 3 / 17"). */
  regions?: number;
  /** Stations whose protocol is rewritten to round turnout (80/85/90%) and leader share (75–90%). */
  roundedStations?: number;
  /** Stations stuffed to turnout 96–98% and leader share 96–97% (also integer percentages). */
  stuffedStations?: number;
}

export interface SyntheticElection {
  rows: StationResult[];
  /** Keys of the stations with rounded results and of the stuffed ones. */
  rounded: string[];
  stuffed: string[];
}

const defaultOptions = ['Иванов Иван Иванович', 'Петрова Мария Сергеевна', 'Сидоров Пётр Алексеевич'];

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** Split `total` votes among options by weight, through successive binomials. */
function split(total: number, weights: readonly number[], random: SeededRandom): number[] {
  const out: number[] = [];
  let left = total;
  let weightLeft = weights.reduce((a, b) => a + b, 0);
  weights.forEach((w, i) => {
    const v = i === weights.length - 1 ? left : sampleBinomial(left, w / weightLeft, random);
    out.push(v);
    left -= v;
    weightLeft -= w;
  });
  return out;
}

/**
 * A seeded synthetic election on Russian protocols (all control relations hold), for the tests and
 * the benchmark. Fair stations: turnout ~ N(55%, 10%), the leader's share ~ N(50%, 5%) independent
 * of turnout, counts binomial. Planted stations have round figures written in, as falsifiers do.
 */
export function simulateElection(options: SyntheticElectionOptions): SyntheticElection {
  const random = seededRandom(options.seed);
  const names = options.options ?? defaultOptions;
  const regions = options.regions ?? 20;
  const rounded = options.roundedStations ?? 0;
  const stuffed = options.stuffedStations ?? 0;
  const pick = <T>(list: readonly T[]): T => list[random.nextInt(list.length)] as T;
  const rows: StationResult[] = [];
  const result: SyntheticElection = { rows, rounded: [], stuffed: [] };
  // Planted stations are spread evenly through the list.
  const planted = rounded + stuffed;
  const step = planted > 0 ? Math.floor(options.stations / planted) : 0;
  for (let i = 0; i < options.stations; i++) {
    const stationKey = `Регион ${(i % regions) + 1} / ${Math.floor(i / regions) + 1}`;
    const plantIndex = step > 0 && i % step === 0 ? i / step : -1;
    const kind =
      plantIndex >= 0 && plantIndex < rounded
        ? 'rounded'
        : plantIndex >= rounded && plantIndex < planted
          ? 'stuffed'
          : 'fair';
    let registered: number;
    let issued: number;
    let invalid: number;
    let leader: number;
    if (kind === 'fair') {
      registered = 300 + random.nextInt(2700);
      issued = sampleBinomial(registered, clamp(0.55 + 0.1 * normalDeviate(random), 0.15, 0.92), random);
      invalid = sampleBinomial(issued, 0.015, random);
      leader = sampleBinomial(issued - invalid, clamp(0.5 + 0.05 * normalDeviate(random), 0.2, 0.8), random);
    } else {
      // ≥ 1300 voters, so that a rounded count is always within 0.05 points of the whole percent.
      registered = 1300 + random.nextInt(1700);
      const turnout = kind === 'rounded' ? pick([80, 85, 90]) : pick([96, 97, 98]);
      const share = kind === 'rounded' ? pick([75, 80, 85, 90]) : pick([96, 97]);
      issued = Math.round((turnout * registered) / 100);
      invalid = Math.floor(issued / 200);
      leader = Math.round((share * issued) / 100);
      if (!isIntegerPercent(issued, registered) || !isIntegerPercent(leader, issued)) throw new Error('unreachable');
      (kind === 'rounded' ? result.rounded : result.stuffed).push(stationKey);
    }
    const valid = issued - invalid;
    const rest = split(
      valid - leader,
      names.slice(1).map((_, j) => 1 / (j + 1)),
      random,
    );
    const votes: Record<string, number> = {};
    names.forEach((name, j) => {
      votes[name] = j === 0 ? leader : (rest[j - 1] ?? 0);
    });
    const early = sampleBinomial(issued, 0.02, random);
    const outside = sampleBinomial(issued - early, 0.05, random);
    const received = registered + 50 - (registered % 50);
    rows.push({
      stationKey,
      registered,
      issued,
      valid,
      invalid,
      options: votes,
      lines: {
        voters_on_list: registered,
        ballots_received: received,
        issued_early: early,
        issued_in_station: issued - early - outside,
        issued_outside: outside,
        cancelled: received - issued,
        in_portable_boxes: outside,
        in_stationary_boxes: issued - outside,
        invalid,
        valid,
        lost: 0,
        not_counted: 0,
      },
    });
  }
  return result;
}
