/**
 * One polling station's official result, whatever protocol it came from. Counts are whole numbers
 * ≥ 0; `options` holds the votes per ballot option (candidate, party, "against all"), keyed the
 * same way in every row.
 */
export interface StationResult {
  /** Unique per election, e.g. "Region / 1234"; the tests report stations by it. */
  stationKey: string;
  /** Voters on the list (ru line 1, kz line 1). */
  registered: number;
  /** Ballots issued to voters (ru lines 3+4+5, kz line 3); missing when the file lacks them. */
  issued?: number;
  valid: number;
  invalid: number;
  options: Record<string, number>;
  /** The protocol's own lines by template line key, for the protocol checks. */
  lines?: Record<string, number>;
}

/** Ballots found in the boxes: valid + invalid. */
export function ballotsInBoxes(row: StationResult): number {
  return row.valid + row.invalid;
}

/** Option keys in first-seen order over all rows. */
export function optionKeys(rows: readonly StationResult[]): string[] {
  const keys = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row.options)) keys.add(key);
  return [...keys];
}

export interface ResultTotals {
  stations: number;
  registered: number;
  /** Sum of `issued` over the rows that have it. */
  issued: number;
  stationsWithIssued: number;
  valid: number;
  invalid: number;
  ballots: number;
  /** Ballots in boxes / registered, in percent. */
  turnout: number | null;
  options: Record<string, { votes: number; share: number | null }>;
}

/** Totals; option shares are percent of ballots in the boxes (valid + invalid), as CECs publish them. */
export function resultTotals(rows: readonly StationResult[]): ResultTotals {
  let registered = 0;
  let issued = 0;
  let stationsWithIssued = 0;
  let valid = 0;
  let invalid = 0;
  const votes = new Map<string, number>(optionKeys(rows).map((k) => [k, 0]));
  for (const row of rows) {
    registered += row.registered;
    if (row.issued !== undefined) {
      issued += row.issued;
      stationsWithIssued += 1;
    }
    valid += row.valid;
    invalid += row.invalid;
    for (const [key, v] of Object.entries(row.options)) votes.set(key, (votes.get(key) ?? 0) + v);
  }
  const ballots = valid + invalid;
  const options: ResultTotals['options'] = {};
  for (const [key, v] of votes) options[key] = { votes: v, share: ballots > 0 ? (100 * v) / ballots : null };
  return {
    stations: rows.length,
    registered,
    issued,
    stationsWithIssued,
    valid,
    invalid,
    ballots,
    turnout: registered > 0 ? (100 * ballots) / registered : null,
    options,
  };
}

/**
 * The leader: the given option key, or else the option with the most votes in total (ties go to
 * the option seen first). Throws when a given key is not an option.
 */
export function chooseLeader(rows: readonly StationResult[], leader?: string): string {
  const keys = optionKeys(rows);
  if (leader !== undefined) {
    if (!keys.includes(leader)) throw new RangeError(`unknown leader option: ${leader}`);
    return leader;
  }
  const totals = resultTotals(rows).options;
  let best: string | undefined;
  for (const key of keys) {
    if (best === undefined || (totals[key]?.votes ?? 0) > (totals[best]?.votes ?? 0)) best = key;
  }
  if (best === undefined) throw new RangeError('no ballot options in the results');
  return best;
}

/**
 * Turnout in the sense of Kobak et al.: ballots issued / registered, falling back to ballots in the
 * boxes when `issued` is missing. Null when nobody is registered.
 */
export function issuedTurnout(row: StationResult): number | null {
  if (row.registered <= 0) return null;
  return (100 * (row.issued ?? ballotsInBoxes(row))) / row.registered;
}
