import { ballotsInBoxes, type StationResult } from './station-result.ts';

export interface ShpilkinBin {
  /** Turnout (p, p + 1] in percent; p = 100 stands for turnout above 100%. */
  from: number;
  to: number | null;
  stations: number;
  ballots: number;
  leader: number;
  /** Everyone else: valid + invalid − leader. */
  others: number;
  /** The 5-bin centred moving average of `others` (bins 0–96 only; null elsewhere). */
  othersMovingAverage: number | null;
  /** others × the clean bin's leader/others ratio. */
  expectedLeader: number;
}

export interface ShpilkinResult {
  leader: string;
  /** Stations with more than 100 registered voters and at least one ballot in the boxes. */
  stations: number;
  excluded: number;
  /** Index p of the clean bin (turnout (p, p+1]); null when no bin has other votes. */
  cleanBin: number | null;
  /** leader / others in the clean bin. */
  cleanRatio: number | null;
  /** The leader's share of ballots the clean bin implies: ratio / (1 + ratio), in percent. */
  cleanLeaderShare: number | null;
  officialLeaderVotes: number;
  expectedLeaderVotes: number | null;
  anomalousVotes: number | null;
  /** anomalous / official leader votes, in percent. */
  anomalousShareOfLeader: number | null;
  /** anomalous / all ballots of the included stations, in percent. */
  anomalousShareOfBallots: number | null;
  bins: ShpilkinBin[];
}

const BINS = 101; // 0–99 for (p, p+1], 100 for turnout above 100%
const LAST_SMOOTHED = 96;

/**
 * Shpilkin's estimate of anomalous votes (S. Shpilkin, 2009–2011; as used in Kobak, Shpilkin &
 * Pshenichnikov 2016): the leader's votes at each turnout, predicted from the others' votes and the
 * leader/others ratio in the "clean" bin where the others' (smoothed) votes peak. See the README.
 */
export function shpilkinEstimate(rows: readonly StationResult[], leader: string): ShpilkinResult {
  const stations = new Array<number>(BINS).fill(0);
  const ballotsPerBin = new Array<number>(BINS).fill(0);
  const leaderVotes = new Array<number>(BINS).fill(0);
  const others = new Array<number>(BINS).fill(0);
  let included = 0;
  for (const row of rows) {
    const ballots = ballotsInBoxes(row);
    if (row.registered <= 100 || ballots <= 0) continue;
    included += 1;
    // Bin p holds (p, p+1]: p = ceil(100·b/r) − 1 = floor((100·b − 1)/r) for whole b, r.
    const bin = Math.min(BINS - 1, Math.floor((100 * ballots - 1) / row.registered));
    const votes = row.options[leader] ?? 0;
    stations[bin] = (stations[bin] ?? 0) + 1;
    ballotsPerBin[bin] = (ballotsPerBin[bin] ?? 0) + ballots;
    leaderVotes[bin] = (leaderVotes[bin] ?? 0) + votes;
    others[bin] = (others[bin] ?? 0) + ballots - votes;
  }
  // Centred 5-bin average over bins 0–96; bins outside 0–96 count as empty (zero). The peak is
  // found on the window sums (whole numbers, so ties are exact); a tie goes to the bin with more
  // votes of its own — the one whose ratio is best measured — then to the lower turnout.
  const at = (i: number) => (i >= 0 && i <= LAST_SMOOTHED ? (others[i] ?? 0) : 0);
  const smoothed = new Array<number | null>(BINS).fill(null);
  let cleanBin: number | null = null;
  let peak = 0;
  for (let i = 0; i <= LAST_SMOOTHED; i++) {
    const sum = at(i - 2) + at(i - 1) + at(i) + at(i + 1) + at(i + 2);
    smoothed[i] = sum / 5;
    if (sum > peak || (sum === peak && cleanBin !== null && sum > 0 && at(i) > at(cleanBin))) {
      peak = sum;
      cleanBin = i;
    }
  }
  let cleanRatio: number | null = null;
  if (cleanBin !== null) {
    const o = others[cleanBin] ?? 0;
    cleanRatio = o > 0 ? (leaderVotes[cleanBin] ?? 0) / o : null;
  }
  const officialLeaderVotes = leaderVotes.reduce((a, b) => a + b, 0);
  const allBallots = ballotsPerBin.reduce((a, b) => a + b, 0);
  const bins: ShpilkinBin[] = [];
  let expected = 0;
  for (let i = 0; i < BINS; i++) {
    const expectedLeader = cleanRatio === null ? 0 : (others[i] ?? 0) * cleanRatio;
    expected += expectedLeader;
    bins.push({
      from: i,
      to: i < BINS - 1 ? i + 1 : null,
      stations: stations[i] ?? 0,
      ballots: ballotsPerBin[i] ?? 0,
      leader: leaderVotes[i] ?? 0,
      others: others[i] ?? 0,
      othersMovingAverage: smoothed[i] ?? null,
      expectedLeader,
    });
  }
  const anomalous = cleanRatio === null ? null : officialLeaderVotes - expected;
  return {
    leader,
    stations: included,
    excluded: rows.length - included,
    cleanBin,
    cleanRatio,
    cleanLeaderShare: cleanRatio === null ? null : (100 * cleanRatio) / (1 + cleanRatio),
    officialLeaderVotes,
    expectedLeaderVotes: cleanRatio === null ? null : expected,
    anomalousVotes: anomalous,
    anomalousShareOfLeader:
      anomalous === null || officialLeaderVotes === 0 ? null : (100 * anomalous) / officialLeaderVotes,
    anomalousShareOfBallots: anomalous === null || allBallots === 0 ? null : (100 * anomalous) / allBallots,
    bins,
  };
}
