import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { type ProtocolComparison, type ResultsAnalysis, rankProtocolDifferences } from '@pollwatch/analytics';
import {
  type Area,
  type AreaTotalsComparison,
  buildProtocolTemplate,
  DomainError,
  type Election,
  type ProtocolTemplate,
  protocolTemplates,
  type TurnoutAreaRow,
  type TurnoutCheckpointSummary,
  type TurnoutComparison,
  type TurnoutStationRow,
} from '@pollwatch/core';
import type { DatabaseConfig, OfficialResultRow, Store } from '@pollwatch/db';
import {
  type AreaLineSums,
  analyzeDatabaseInWorker,
  analyzeStreamInWorker,
  type RawOfficialRow,
  type StreamedAnalysis,
} from './analysis-worker.ts';

const OPTION_PREFIX = 'option_';
/** Rows read per query: a page costs the event loop a few milliseconds. */
const PAGE_ROWS = 1000;
/** Station lists in the analysis stop here; the paged official rows list them all. */
const LIST_LIMIT = 2000;
/** Analyses kept in memory (each is a summary of a few hundred kilobytes at most). */
const CACHE_SIZE = 16;

export interface ComparisonRow extends ProtocolComparison {
  stationId: string;
  stationNumber: number;
  regionId: string;
  reportId: string;
}

export interface AnalysisResponse {
  stations: number;
  analysis: ResultsAnalysis | null;
  listLimit: number;
}

/**
 * The CEC's official results of an election, checked and tested (on a worker thread, fed page by
 * page, so a country's 100,000 stations never stall the server; the summary is cached until the
 * next import), compared with observers' protocol copies, with official area totals and official
 * turnout beside what the station rows and the observers say.
 */
export class ResultsAnalysisService {
  private readonly cache = new Map<string, Promise<StreamedAnalysis | null>>();

  /**
   * `database`: how the worker thread opens its own connection to the store's database (a SQLite
   * file or a PostgreSQL URL; the store's own by default). Without one (SQLite in memory, in
   * tests) the rows are read here, a page at a time, and streamed to the worker.
   */
  constructor(
    private readonly store: Store,
    private readonly database: DatabaseConfig | undefined = store.connection,
  ) {}

  private async election(electionId: string): Promise<{ election: Election; template: ProtocolTemplate }> {
    const election = await this.store.elections.findById(electionId);
    if (!election) throw new DomainError('not_found', 'no such election');
    return {
      election,
      template: buildProtocolTemplate(protocolTemplates[election.protocolTemplate], election.ballotOptions),
    };
  }

  async analysis(electionId: string, query: { leader?: string | undefined } = {}): Promise<AnalysisResponse> {
    const streamed = await this.streamed(electionId, query.leader);
    return streamed
      ? { stations: streamed.stations, analysis: streamed.analysis, listLimit: streamed.listLimit }
      : { stations: 0, analysis: null, listLimit: LIST_LIMIT };
  }

  /**
   * The cached analysis, keyed by what an import changes (row count and latest import time) and by
   * the election's last edit, so every server process on the database agrees when it is stale.
   */
  private async streamed(electionId: string, leader: string | undefined): Promise<StreamedAnalysis | null> {
    const { election, template } = await this.election(electionId);
    if (leader !== undefined && !election.ballotOptions.some((o) => o.code === leader)) {
      throw new DomainError('validation_failed', 'the leader must be one of the ballot options', [
        { in: 'querystring', path: '/leader', keyword: 'enum' },
      ]);
    }
    const stamp = await this.store.results.stamp(electionId);
    const prefix = `${electionId}|${leader ?? ''}|`;
    const key = `${prefix}${stamp}|${election.updatedAt.toISOString()}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    for (const k of this.cache.keys()) if (k.startsWith(prefix)) this.cache.delete(k);
    while (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    const job = this.run(electionId, election, template, leader);
    this.cache.set(key, job);
    job.catch(() => this.cache.delete(key));
    return job;
  }

  private async run(
    electionId: string,
    election: Election,
    template: ProtocolTemplate,
    leader: string | undefined,
  ): Promise<StreamedAnalysis | null> {
    if ((await this.store.results.count(electionId)) === 0) return null;
    const regionLabels: Record<string, string> = {};
    for (const a of await this.store.areas.list()) regionLabels[a.id] = a.code ?? a.name.ru ?? '?';
    const optionLines: Record<string, string> = {};
    for (const option of election.ballotOptions) optionLines[option.code] = `${OPTION_PREFIX}${option.code}`;
    const store = this.store;
    async function* pages(): AsyncGenerator<RawOfficialRow[]> {
      let after: string | null = null;
      for (;;) {
        const page = await store.results.page(electionId, after, PAGE_ROWS);
        if (page.length === 0) return;
        yield page.map((r) => ({
          stationId: r.stationId,
          stationNumber: r.stationNumber,
          regionId: r.regionId,
          areaId: r.areaId,
          lines: r.lines,
        }));
        after = page[page.length - 1]?.stationId ?? null;
        if (page.length < PAGE_ROWS) return;
        // Let requests that queued up meanwhile run before reading the next page.
        await yieldToLoop();
      }
    }
    const options = {
      templateCode: template.code,
      regionLabels,
      listLimit: LIST_LIMIT,
      analyze: { template, optionLines, histograms: true, ...(leader ? { leader } : {}) },
    };
    if (this.database) return analyzeDatabaseInWorker(this.database, electionId, options);
    return analyzeStreamInWorker(pages(), options);
  }

  /**
   * Per-station official rows, a page at a time, by region and number: `after` (or `before`) a
   * station given as "regionId:number", the cursors of the page's last (first) row.
   */
  async officialRows(
    electionId: string,
    page: { after?: string | undefined; before?: string | undefined; limit: number },
  ) {
    await this.election(electionId);
    const parse = (cursor: string | undefined) => {
      if (!cursor) return undefined;
      const at = cursor.lastIndexOf(':');
      const number = Number(cursor.slice(at + 1));
      if (at < 1 || !Number.isInteger(number)) {
        throw new DomainError('validation_failed', 'a page cursor is "regionId:number"', [
          { in: 'querystring', path: page.before ? '/before' : '/after', keyword: 'pattern' },
        ]);
      }
      return { regionId: cursor.slice(0, at), number };
    };
    const cursor = parse(page.before) ?? parse(page.after);
    const areas = new Map((await this.store.areas.list()).map((a) => [a.id, a]));
    const { total, items } = await this.store.results.listPaged(electionId, {
      cursor,
      backwards: Boolean(page.before),
      limit: page.limit,
    });
    const cursorOf = (r: OfficialResultRow | undefined) => (r ? `${r.regionId}:${r.stationNumber}` : null);
    return {
      total,
      items: items.map((r) => ({
        stationId: r.stationId,
        stationNumber: r.stationNumber,
        regionId: r.regionId,
        regionCode: areas.get(r.regionId)?.code ?? null,
        lines: r.lines,
      })),
      first: cursorOf(items[0]),
      last: cursorOf(items[items.length - 1]),
    };
  }

  /** Each official area total beside the sum of the station rows inside that area. */
  async areaTotals(electionId: string): Promise<{ items: AreaTotalsComparison[] }> {
    await this.election(electionId);
    const totals = await this.store.results.areaTotals(electionId);
    if (totals.length === 0) return { items: [] };
    const areas = await this.store.areas.list();
    const streamed = await this.streamed(electionId, undefined);
    const rolled = rollUp(streamed?.areaSums ?? {}, areas);
    const byId = new Map(areas.map((a) => [a.id, a]));
    const items = totals.map((t): AreaTotalsComparison => {
      const area = byId.get(t.areaId);
      const sums = rolled.get(t.areaId);
      const lines = Object.entries(t.lines).map(([line, official]) => {
        const stationSum = sums?.lines[line] ?? 0;
        return { line, official, stationSum, difference: official - stationSum };
      });
      return {
        areaId: t.areaId,
        code: area?.code ?? null,
        name: area?.name ?? { ru: '?' },
        level: area?.level ?? '',
        stations: sums?.stations ?? 0,
        mismatch: lines.some((l) => l.difference !== 0),
        lines,
      };
    });
    items.sort((a, b) => Number(b.mismatch) - Number(a.mismatch) || (a.code ?? '').localeCompare(b.code ?? ''));
    return { items };
  }

  /** Official turnout per checkpoint beside the observers' turnout reports at the same checkpoints. */
  async turnout(electionId: string): Promise<TurnoutComparison> {
    const { election } = await this.election(electionId);
    const official = await this.store.results.turnout(electionId);
    const observedReports = await this.store.reports.latestAnswersOfKind(electionId, 'turnout');
    // The latest report per station and checkpoint.
    const observed = new Map<string, { stationId: string; checkpoint: string; voters: number; at: number }>();
    for (const r of observedReports) {
      const checkpoint = r.answers.checkpoint_time;
      const voters = r.answers.voters_received;
      if (typeof checkpoint !== 'string' || typeof voters !== 'number') continue;
      const key = `${r.stationId}|${checkpoint}`;
      if ((observed.get(key)?.at ?? -1) < r.updatedAt)
        observed.set(key, { stationId: r.stationId, checkpoint, voters, at: r.updatedAt });
    }
    const checkpoints = new Set<string>(election.turnoutCheckpoints);
    const summary = new Map<string, TurnoutCheckpointSummary>();
    const sumOf = (checkpoint: string) => {
      checkpoints.add(checkpoint);
      let s = summary.get(checkpoint);
      if (!s) {
        s = {
          checkpoint,
          officialStations: 0,
          officialVoters: 0,
          observedStations: 0,
          observedVoters: 0,
          matchedStations: 0,
          officialOnMatched: 0,
          observedOnMatched: 0,
          mismatchedStations: 0,
        };
        summary.set(checkpoint, s);
      }
      return s;
    };
    for (const o of observed.values()) {
      const s = sumOf(o.checkpoint);
      s.observedStations += 1;
      s.observedVoters += o.voters;
    }
    const matched: Omit<TurnoutStationRow, 'stationNumber' | 'regionId'>[] = [];
    const areaRows: TurnoutAreaRow[] = [];
    const areaOfficial = official.filter((o) => o.scope === 'area');
    for (const o of official) {
      if (o.scope !== 'station') continue;
      const s = sumOf(o.checkpoint);
      s.officialStations += 1;
      s.officialVoters += o.voters;
      const seen = observed.get(`${o.targetId}|${o.checkpoint}`);
      if (seen) {
        s.matchedStations += 1;
        s.officialOnMatched += o.voters;
        s.observedOnMatched += seen.voters;
        if (seen.voters !== o.voters) s.mismatchedStations += 1;
        matched.push({
          stationId: o.targetId,
          checkpoint: o.checkpoint,
          official: o.voters,
          observed: seen.voters,
          difference: o.voters - seen.voters,
        });
      }
    }
    const stationIds = [...new Set([...observed.values()].map((o) => o.stationId))];
    const stations = new Map((await this.store.results.stationsByIds(stationIds)).map((s) => [s.id, s]));
    if (areaOfficial.length) {
      const areas = await this.store.areas.list();
      const byId = new Map(areas.map((a) => [a.id, a]));
      // Observed voters per area (every ancestor of the station's area) and checkpoint.
      const perArea = new Map<string, { stations: number; voters: number }>();
      for (const o of observed.values()) {
        let areaId: string | null | undefined = stations.get(o.stationId)?.areaId;
        while (areaId) {
          const key = `${areaId}|${o.checkpoint}`;
          const acc = perArea.get(key) ?? { stations: 0, voters: 0 };
          acc.stations += 1;
          acc.voters += o.voters;
          perArea.set(key, acc);
          areaId = byId.get(areaId)?.parentId;
        }
      }
      for (const o of areaOfficial) {
        sumOf(o.checkpoint);
        const area = byId.get(o.targetId);
        const seen = perArea.get(`${o.targetId}|${o.checkpoint}`);
        areaRows.push({
          areaId: o.targetId,
          code: area?.code ?? null,
          name: area?.name ?? { ru: '?' },
          checkpoint: o.checkpoint,
          official: o.voters,
          observedStations: seen?.stations ?? 0,
          observedVoters: seen?.voters ?? 0,
        });
      }
    }
    const ordered = [...checkpoints].sort();
    return {
      checkpoints: ordered,
      summary: ordered.map((c) => sumOf(c)),
      stations: matched
        .map((m) => ({
          ...m,
          stationNumber: stations.get(m.stationId)?.number ?? 0,
          regionId: stations.get(m.stationId)?.regionId ?? '',
        }))
        .sort((a, b) => Math.abs(b.difference) - Math.abs(a.difference) || a.checkpoint.localeCompare(b.checkpoint)),
      areas: areaRows,
    };
  }

  /**
   * Each station with both an official row and an observer's protocol copy: the HQ's chosen copy,
   * otherwise the latest copy from an observer assigned to the station (an unassigned observer's
   * copy counts once the HQ chooses it); ranked by the votes the official row moved.
   */
  async comparison(electionId: string): Promise<{ compared: number; items: ComparisonRow[] }> {
    const { template } = await this.election(electionId);
    const official = await this.store.results.list(electionId);
    const byStation = new Map(official.map((r) => [r.stationId, r]));
    const pick = new Map((await this.store.reports.countedProtocolCopies(electionId)).map((c) => [c.stationId, c]));
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
        regionId: byStation.get(c.stationKey)?.regionId ?? '',
        reportId: reportOf.get(c.stationKey) ?? '',
      })),
    };
  }
}

/** Sums per leaf area added up into every ancestor: what an area's stations total. */
function rollUp(
  sums: AreaLineSums,
  areas: readonly Area[],
): Map<string, { stations: number; lines: Record<string, number> }> {
  const parent = new Map(areas.map((a) => [a.id, a.parentId]));
  const out = new Map<string, { stations: number; lines: Record<string, number> }>();
  for (const [leaf, s] of Object.entries(sums)) {
    let areaId: string | null | undefined = leaf;
    while (areaId) {
      let acc = out.get(areaId);
      if (!acc) {
        acc = { stations: 0, lines: {} };
        out.set(areaId, acc);
      }
      acc.stations += s.stations;
      for (const [line, v] of Object.entries(s.lines)) acc.lines[line] = (acc.lines[line] ?? 0) + v;
      areaId = parent.get(areaId);
    }
  }
  return out;
}
