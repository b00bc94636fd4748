import type { ProtocolTemplate } from '@pollwatch/core';

export type ProtocolValues = Readonly<Record<string, number | null | undefined>>;

export interface LineDifference {
  line: string;
  official: number | null;
  observed: number | null;
  /** official − observed; null when either side lacks the line. */
  difference: number | null;
}

export interface ProtocolComparison {
  stationKey: string;
  /** Lines whose values differ, or that one side has and the other lacks, in template order. */
  differences: LineDifference[];
  /** Votes the official row gives options beyond the observer's copy (Σ positive option differences). */
  votesGained: number;
  /** Votes the official row takes from options (Σ |negative option differences|). */
  votesLost: number;
  /**
   * Votes moved: max(gained, lost). A transfer of v votes from A to B counts v (not 2v); v votes
   * written in for A with nothing taken away also count v.
   */
  votesMoved: number;
  /** Σ |difference| over all lines both sides have. */
  totalAbsoluteDifference: number;
}

const value = (values: ProtocolValues, line: string): number | null => {
  const v = Object.hasOwn(values, line) ? values[line] : undefined;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
};

/** One station: the official protocol against the observer's copy, line by line. */
export function compareProtocol(
  stationKey: string,
  official: ProtocolValues,
  observed: ProtocolValues,
  template: ProtocolTemplate,
): ProtocolComparison {
  const order = template.lines.map((l) => l.key);
  const known = new Set(order);
  // Lines outside the template (e.g. an extra column) are compared too, after the template's own.
  const extra = [...new Set([...Object.keys(official), ...Object.keys(observed)])].filter((k) => !known.has(k)).sort();
  const options = new Set(template.lines.filter((l) => l.kind === 'option').map((l) => l.key));
  const differences: LineDifference[] = [];
  let votesGained = 0;
  let votesLost = 0;
  let totalAbsoluteDifference = 0;
  for (const line of [...order, ...extra]) {
    const a = value(official, line);
    const b = value(observed, line);
    if (a === null && b === null) continue;
    if (a !== null && b !== null) {
      const d = a - b;
      if (d === 0) continue;
      differences.push({ line, official: a, observed: b, difference: d });
      totalAbsoluteDifference += Math.abs(d);
      if (options.has(line)) {
        if (d > 0) votesGained += d;
        else votesLost -= d;
      }
    } else differences.push({ line, official: a, observed: b, difference: null });
  }
  return {
    stationKey,
    differences,
    votesGained,
    votesLost,
    votesMoved: Math.max(votesGained, votesLost),
    totalAbsoluteDifference,
  };
}

/**
 * Every station whose official row differs from the observer's copy, ranked by votes moved, then
 * by the total absolute difference, then by station key.
 */
export function rankProtocolDifferences(
  pairs: readonly { stationKey: string; official: ProtocolValues; observed: ProtocolValues }[],
  template: ProtocolTemplate,
): ProtocolComparison[] {
  return pairs
    .map((p) => compareProtocol(p.stationKey, p.official, p.observed, template))
    .filter((c) => c.differences.length > 0)
    .sort(
      (x, y) =>
        y.votesMoved - x.votesMoved ||
        y.totalAbsoluteDifference - x.totalAbsoluteDifference ||
        (x.stationKey < y.stationKey ? -1 : x.stationKey > y.stationKey ? 1 : 0),
    );
}
