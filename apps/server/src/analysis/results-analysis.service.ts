import {
  type AnalyzeResultsOptions,
  type ProtocolComparison,
  type ResultsAnalysis,
  rankProtocolDifferences,
  stationResultFromLines,
} from '@pollwatch/analytics';
import {
  buildProtocolTemplate,
  DomainError,
  type Election,
  type ProtocolTemplate,
  protocolTemplates,
} from '@pollwatch/core';
import type { OfficialResultRow, Store } from '@pollwatch/db';
import { analyzeResultsInWorker } from './analysis-worker.ts';

const OPTION_PREFIX = 'option_';

export interface ComparisonRow extends ProtocolComparison {
  stationId: string;
  stationNumber: number;
  reportId: string;
}

/**
 * The CEC's official results of an election, checked and tested (on a worker thread, so a
 * country's 100,000 stations never stall the server), and compared with observers' protocol copies.
 */
export class ResultsAnalysisService {
  constructor(private readonly store: Store) {}

  private async election(electionId: string): Promise<{ election: Election; template: ProtocolTemplate }> {
    const election = await this.store.elections.findById(electionId);
    if (!election) throw new DomainError('not_found', 'no such election');
    return {
      election,
      template: buildProtocolTemplate(protocolTemplates[election.protocolTemplate], election.ballotOptions),
    };
  }

  private async stationKeys(rows: OfficialResultRow[]): Promise<Map<string, string>> {
    const areas = new Map((await this.store.areas.list()).map((a) => [a.id, a]));
    return new Map(
      rows.map((r) => {
        const region = areas.get(r.regionId);
        return [r.stationId, `${region?.code ?? region?.name.ru ?? '?'} / ${r.stationNumber}`];
      }),
    );
  }

  async analysis(electionId: string): Promise<{ stations: number; analysis: ResultsAnalysis | null }> {
    const { election, template } = await this.election(electionId);
    const rows = await this.store.results.list(electionId);
    if (rows.length === 0) return { stations: 0, analysis: null };
    const keys = await this.stationKeys(rows);
    const optionLines: Record<string, string> = {};
    for (const option of election.ballotOptions) optionLines[option.code] = `${OPTION_PREFIX}${option.code}`;
    const results = rows.map((r) => {
      const options: Record<string, number> = {};
      const lines: Record<string, number> = {};
      for (const [key, value] of Object.entries(r.lines)) {
        if (key.startsWith(OPTION_PREFIX)) options[key.slice(OPTION_PREFIX.length)] = value;
        else lines[key] = value;
      }
      return stationResultFromLines(
        template.code,
        keys.get(r.stationId) ?? r.stationId,
        { ...lines, ...prefixed(options) },
        options,
      );
    });
    const options: AnalyzeResultsOptions = { template, optionLines, histograms: true };
    return { stations: rows.length, analysis: await analyzeResultsInWorker(results, options) };
  }

  /**
   * Each station with both an official row and an observer's protocol copy: the HQ's chosen copy
   * when copies conflicted, otherwise the latest copy; ranked by the votes the official row moved.
   */
  async comparison(electionId: string): Promise<{ compared: number; items: ComparisonRow[] }> {
    const { template } = await this.election(electionId);
    const official = await this.store.results.list(electionId);
    const byStation = new Map(official.map((r) => [r.stationId, r]));
    const copies = await this.store.reports.protocolCopies(electionId);
    const chosen = await this.store.reports.records([...new Set(copies.map((c) => c.stationId))]);
    const pick = new Map<string, (typeof copies)[number]>();
    for (const copy of copies) {
      const record = chosen.get(`${copy.stationId}:protocol`);
      if (record) {
        if (copy.reportId === record) pick.set(copy.stationId, copy);
      } else if (!pick.has(copy.stationId) || (pick.get(copy.stationId)?.updatedAt ?? 0) < copy.updatedAt) {
        pick.set(copy.stationId, copy);
      }
    }
    const lineKeys = new Set(template.lines.map((l) => l.key));
    const pairs = [...pick.values()]
      .filter((c) => byStation.has(c.stationId))
      .map((c) => ({
        stationKey: c.stationId,
        official: (byStation.get(c.stationId) as OfficialResultRow).lines,
        observed: Object.fromEntries(
          Object.entries(c.answers).filter(
            (e): e is [string, number] => lineKeys.has(e[0]) && typeof e[1] === 'number',
          ),
        ),
        reportId: c.reportId,
      }));
    const reportOf = new Map(pairs.map((p) => [p.stationKey, p.reportId]));
    const ranked = rankProtocolDifferences(pairs, template);
    return {
      compared: pairs.length,
      items: ranked.map((c) => ({
        ...c,
        stationId: c.stationKey,
        stationNumber: byStation.get(c.stationKey)?.stationNumber ?? 0,
        reportId: reportOf.get(c.stationKey) ?? '',
      })),
    };
  }
}

function prefixed(options: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(options).map(([k, v]) => [`${OPTION_PREFIX}${k}`, v]));
}
