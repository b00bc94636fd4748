import { integerPercentProbability, isIntegerPercent, sampleBinomial } from './binomial.ts';
import { seededRandom } from './seeded-random.ts';
import { ballotsInBoxes, type StationResult } from './station-result.ts';

export interface IntegerPercentagesOptions {
  /** Also simulate the null distribution (Kobak et al.'s own method) with this many draws. */
  monteCarlo?: { iterations: number; seed: string | number };
}

export interface IntegerCount {
  observed: number;
  /** Σ P_i under the binomial null, exact. */
  expected: number;
  excess: number;
  /** √Σ P_i(1 − P_i): the count is a sum of independent Bernoulli(P_i). */
  standardDeviation: number;
  zScore: number | null;
  monteCarlo?: {
    mean: number;
    standardDeviation: number;
    /** (1 + simulations with a count ≥ observed) / (1 + iterations). */
    pValue: number;
  };
}

export interface IntegerPercentagesResult {
  leader: string;
  /** Stations passing the filter (registered ≥ 100, ballots > 0, turnout ≤ 99%, leader ≤ 99%). */
  stations: number;
  excluded: number;
  /** 'issued' when every included station had ballots issued; otherwise how many fell back. */
  turnoutFrom: 'issued' | 'ballots in boxes' | 'mixed';
  stationsWithoutIssued: number;
  turnout: IntegerCount;
  leaderShare: IntegerCount;
  either: IntegerCount;
  /** Stations with an integer turnout or leader share, for the map and the lists. */
  integerStations: { stationKey: string; turnout: boolean; leaderShare: boolean }[];
}

function count(observed: number, probabilities: Float64Array): IntegerCount {
  let expected = 0;
  let variance = 0;
  for (const p of probabilities) {
    expected += p;
    variance += p * (1 - p);
  }
  const standardDeviation = Math.sqrt(variance);
  return {
    observed,
    expected,
    excess: observed - expected,
    standardDeviation,
    zScore: standardDeviation > 0 ? (observed - expected) / standardDeviation : null,
  };
}

/**
 * Integer percentages (Kobak, Shpilkin & Pshenichnikov, Ann. Appl. Stat. 10(1), 2016): how many
 * stations report a turnout or leader share within 0.05 points of a whole percent, against the
 * number expected if each station's counts were Binomial(registered, turnout) and
 * Binomial(valid + invalid, leader share) at its own observed rates. See the README for the details.
 */
export function integerPercentages(
  rows: readonly StationResult[],
  leader: string,
  options: IntegerPercentagesOptions = {},
): IntegerPercentagesResult {
  const included: { row: StationResult; issued: number; ballots: number; votes: number }[] = [];
  let withoutIssued = 0;
  for (const row of rows) {
    const ballots = ballotsInBoxes(row);
    const issued = row.issued ?? ballots;
    const votes = row.options[leader] ?? 0;
    // turnout ≤ 99% and share ≤ 99%, in integers: 100·a ≤ 99·b.
    if (row.registered < 100 || ballots <= 0) continue;
    if (100 * issued > 99 * row.registered || 100 * votes > 99 * ballots) continue;
    if (row.issued === undefined) withoutIssued += 1;
    included.push({ row, issued, ballots, votes });
  }
  const n = included.length;
  const pTurnout = new Float64Array(n);
  const pLeader = new Float64Array(n);
  const pEither = new Float64Array(n);
  let turnoutObserved = 0;
  let leaderObserved = 0;
  let eitherObserved = 0;
  const integerStations: IntegerPercentagesResult['integerStations'] = [];
  for (let i = 0; i < n; i++) {
    const s = included[i];
    if (!s) continue;
    const t = integerPercentProbability(s.row.registered, s.issued / s.row.registered);
    const l = integerPercentProbability(s.ballots, s.votes / s.ballots);
    pTurnout[i] = t;
    pLeader[i] = l;
    // The two binomials are independent under the null.
    pEither[i] = 1 - (1 - t) * (1 - l);
    const isT = isIntegerPercent(s.issued, s.row.registered);
    const isL = isIntegerPercent(s.votes, s.ballots);
    if (isT) turnoutObserved += 1;
    if (isL) leaderObserved += 1;
    if (isT || isL) {
      eitherObserved += 1;
      integerStations.push({ stationKey: s.row.stationKey, turnout: isT, leaderShare: isL });
    }
  }
  const result: IntegerPercentagesResult = {
    leader,
    stations: n,
    excluded: rows.length - n,
    turnoutFrom: withoutIssued === 0 ? 'issued' : withoutIssued === n ? 'ballots in boxes' : 'mixed',
    stationsWithoutIssued: withoutIssued,
    turnout: count(turnoutObserved, pTurnout),
    leaderShare: count(leaderObserved, pLeader),
    either: count(eitherObserved, pEither),
    integerStations,
  };
  if (options.monteCarlo) {
    const { iterations, seed } = options.monteCarlo;
    const random = seededRandom(seed);
    const sims = {
      turnout: new Float64Array(iterations),
      leader: new Float64Array(iterations),
      either: new Float64Array(iterations),
    };
    for (let it = 0; it < iterations; it++) {
      let t = 0;
      let l = 0;
      let e = 0;
      for (const s of included) {
        const isT = isIntegerPercent(
          sampleBinomial(s.row.registered, s.issued / s.row.registered, random),
          s.row.registered,
        );
        const isL = isIntegerPercent(sampleBinomial(s.ballots, s.votes / s.ballots, random), s.ballots);
        if (isT) t += 1;
        if (isL) l += 1;
        if (isT || isL) e += 1;
      }
      sims.turnout[it] = t;
      sims.leader[it] = l;
      sims.either[it] = e;
    }
    result.turnout.monteCarlo = summarise(sims.turnout, turnoutObserved);
    result.leaderShare.monteCarlo = summarise(sims.leader, leaderObserved);
    result.either.monteCarlo = summarise(sims.either, eitherObserved);
  }
  return result;
}

function summarise(simulated: Float64Array, observed: number): NonNullable<IntegerCount['monteCarlo']> {
  const k = simulated.length;
  let sum = 0;
  let atLeast = 0;
  for (const v of simulated) {
    sum += v;
    if (v >= observed) atLeast += 1;
  }
  const mean = k > 0 ? sum / k : 0;
  let squares = 0;
  for (const v of simulated) squares += (v - mean) ** 2;
  return {
    mean,
    standardDeviation: k > 1 ? Math.sqrt(squares / (k - 1)) : 0,
    pValue: (1 + atLeast) / (1 + k),
  };
}
