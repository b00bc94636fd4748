import type { ProtocolTemplate } from '@pollwatch/core';
import { type HistogramsResult, turnoutLeaderHistograms } from './histograms.ts';
import {
  type IntegerPercentagesOptions,
  type IntegerPercentagesResult,
  integerPercentages,
} from './integer-percentages.ts';
import { type LastDigitResult, lastDigitTest } from './last-digit.ts';
import { checkOfficialProtocols, type ProtocolChecksResult } from './official-protocol-checks.ts';
import { outlierStations } from './outlier-stations.ts';
import { type ShpilkinResult, shpilkinEstimate } from './shpilkin-estimate.ts';
import { chooseLeader, type ResultTotals, resultTotals, type StationResult } from './station-result.ts';

export interface AnalyzeResultsOptions {
  /** Option key of the leader; default the option with most votes. */
  leader?: string;
  /** With a template, the protocol checks run too. */
  template?: ProtocolTemplate;
  /** Option key → template line (see resultsProtocolTemplate). */
  optionLines?: Record<string, string>;
  outlierThresholds?: { turnout?: number; leaderShare?: number };
  histograms?: boolean;
  integerPercentages?: IntegerPercentagesOptions;
}

export interface ResultsAnalysis {
  leader: string;
  totals: ResultTotals;
  protocolChecks: ProtocolChecksResult | null;
  integerPercentages: IntegerPercentagesResult;
  shpilkin: ShpilkinResult;
  lastDigit: LastDigitResult;
  outliers: ReturnType<typeof outlierStations>;
  histograms: HistogramsResult | null;
}

/** Every test over the official rows at once: what the CLI prints and the worker returns. */
export function analyzeResults(rows: readonly StationResult[], options: AnalyzeResultsOptions = {}): ResultsAnalysis {
  const leader = chooseLeader(rows, options.leader);
  return {
    leader,
    totals: resultTotals(rows),
    protocolChecks: options.template ? checkOfficialProtocols(rows, options.template, options.optionLines) : null,
    integerPercentages: integerPercentages(rows, leader, options.integerPercentages),
    shpilkin: shpilkinEstimate(rows, leader),
    lastDigit: lastDigitTest(rows),
    outliers: outlierStations(rows, leader, options.outlierThresholds),
    histograms: options.histograms ? turnoutLeaderHistograms(rows, leader) : null,
  };
}
