import type { LocalizedText } from '../elections/election.ts';
import { incidentCategoryLabels } from '../forms/standard-forms/incident-taxonomy.ts';
import type {
  Block,
  ResolutionChapter,
  ResolutionDocument,
  ResolutionKind,
  ResolutionSnapshot,
  ResolutionTexts,
} from './resolution-model.ts';
import { resolutionChapters } from './resolution-model.ts';
import { type DocumentLocale, type ResolutionTextSet, resolutionTexts } from './resolution-texts.ts';
import { parseSafeMarkdown } from './safe-markdown.ts';

/** How many rows a table in the body shows before "…and N more" (the annex has them all). */
const BODY_ROWS = 50;

/** Integers grouped by thousands with a no-break space (ru, kk) or a comma (en): never Intl, so
 * the same snapshot gives the same text on every machine. */
export function formatCount(n: number, locale: DocumentLocale): string {
  const sign = n < 0 ? '-' : '';
  const digits = String(Math.abs(Math.round(n)));
  const sep = locale === 'en' ? ',' : '\u00a0';
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

export function formatDecimal(n: number, digits: number, locale: DocumentLocale): string {
  const fixed = n.toFixed(digits);
  return locale === 'en' ? fixed : fixed.replace('.', ',');
}

export function formatPercent(part: number, whole: number, locale: DocumentLocale): string {
  if (whole <= 0) return '—';
  return `${formatDecimal((100 * part) / whole, 1, locale)} %`;
}

function name(text: LocalizedText | null | undefined, locale: DocumentLocale): string {
  if (!text) return '';
  return text[locale] ?? text.ru;
}

export interface BuildResolutionInput {
  kind: ResolutionKind;
  version: number;
  approved: boolean;
  locale: DocumentLocale;
  snapshot: ResolutionSnapshot;
  texts: ResolutionTexts;
}

/**
 * The resolution's document model from its snapshot and the HQ's texts: chapters in the order of
 * the electoral process, each with the HQ's findings and the figures behind them, then the
 * recommendations (numbered), the follow-up of earlier ones, the conclusions and the station annex.
 * Pure and deterministic: the rebuild of a frozen resolution gives the same figures.
 */
export function buildResolutionDocument(input: BuildResolutionInput): ResolutionDocument {
  const { snapshot: s, locale } = input;
  const t = resolutionTexts[locale];
  const n = (v: number) => formatCount(v, locale);
  const figures: Record<string, string> = {};
  const blocks: Block[] = [];
  const figureBlock = (items: { key: string; label: string; value: string }[]) => {
    for (const i of items) figures[i.key] = i.value;
    blocks.push({ type: 'figures', items });
  };
  const table = (
    key: string,
    caption: string,
    columns: string[],
    rows: string[][],
    numeric: boolean[],
    limit = BODY_ROWS,
  ) => {
    if (rows.length === 0) return;
    const shown = rows.slice(0, limit);
    if (rows.length > limit) shown.push([`… +${n(rows.length - limit)}`, ...columns.slice(1).map(() => '')]);
    rows.forEach((row, i) => {
      figures[`${key}.${i}`] = row.join(' | ');
    });
    blocks.push({ type: 'table', caption, columns, rows: shown, numeric });
  };
  const hqText = (chapter: ResolutionChapter) => {
    const source = input.texts.chapters[chapter] ?? '';
    const parsed = parseSafeMarkdown(source);
    if (parsed.length) blocks.push(...parsed);
    return parsed.length > 0;
  };
  const pctOfStations = (v: number) => formatPercent(v, s.overview.stations, locale);

  if (input.kind === 'preliminary')
    blocks.push({ type: 'paragraph', runs: [{ text: t.preliminaryNote, italic: true }] });

  for (const chapter of resolutionChapters) {
    blocks.push({
      type: 'heading',
      level: 1,
      text: `${resolutionChapters.indexOf(chapter) + 1}. ${t.chapter[chapter]}`,
    });
    const hadText = hqText(chapter);
    const before = blocks.length;
    chapterData(chapter);
    if (!hadText && blocks.length === before)
      blocks.push({ type: 'paragraph', runs: [{ text: t.noHqText, italic: true }] });
  }

  function chapterData(chapter: ResolutionChapter) {
    switch (chapter) {
      case 'election_administration': {
        figureBlock([
          { key: 'overview.stations', label: t.figure.stations, value: n(s.overview.stations) },
          { key: 'overview.applicants', label: t.figure.applicants, value: n(s.overview.applicants) },
          {
            key: 'overview.observersReady',
            label: t.figure.observersReadyApplicants,
            value: n(s.overview.observersReadyApplicants),
          },
          {
            key: 'overview.observersAssigned',
            label: t.figure.observersAssigned,
            value: n(s.overview.observersAssigned),
          },
          {
            key: 'readiness.visited',
            label: t.figure.readinessVisited,
            value: `${n(s.readiness.visited)} (${pctOfStations(s.readiness.visited)})`,
          },
          {
            key: 'readiness.withProblems',
            label: t.figure.readinessWithProblems,
            value: `${n(s.readiness.withProblems)} (${formatPercent(s.readiness.withProblems, s.readiness.visited, locale)})`,
          },
        ]);
        table(
          'readiness.findings',
          t.caption.readinessFindings,
          [t.table.finding, t.table.stationsWithProblem, '%'],
          s.readiness.findings
            .filter((f) => f.problem > 0)
            .map((f) => [name(f.label, locale), n(f.problem), formatPercent(f.problem, s.readiness.visited, locale)]),
          [false, true, true],
        );
        table(
          'readiness.areas',
          t.caption.readinessAreas,
          [t.table.area, t.table.stations, t.table.visited, t.table.withProblems],
          s.readiness.areas.map((a) => [name(a.name, locale), n(a.stations), n(a.visited), n(a.withProblems)]),
          [false, true, true, true],
        );
        break;
      }
      case 'voter_lists': {
        const count = s.incidents.byCategory.find((c) => c.key === 'voter_list_problems')?.count ?? 0;
        if (count > 0) {
          figureBlock([
            {
              key: 'incidents.voterLists',
              label: name(incidentCategoryLabels.voter_list_problems, locale),
              value: n(count),
            },
          ]);
        }
        break;
      }
      case 'campaign': {
        const count = s.incidents.byCategory.find((c) => c.key === 'campaigning_on_voting_day')?.count ?? 0;
        if (count > 0) {
          figureBlock([
            {
              key: 'incidents.campaigning',
              label: name(incidentCategoryLabels.campaigning_on_voting_day, locale),
              value: n(count),
            },
          ]);
        }
        break;
      }
      case 'complaints': {
        figureBlock([{ key: 'remarks.total', label: t.figure.remarks, value: n(s.remarks.total) }]);
        table(
          'remarks.byStatus',
          t.caption.remarksByStatus,
          [t.table.status, t.table.count],
          s.remarks.byStatus.map((r) => [t.remarkStatus[r.key] ?? r.key, n(r.count)]),
          [false, true],
        );
        table(
          'remarks.items',
          t.caption.remarks,
          [t.table.number, t.table.commission, t.table.remark, t.table.legalBasis, t.table.status, t.table.answer],
          s.remarks.items.map((r) => [
            r.number,
            r.stationNumber === null ? r.commission : `${r.commission} (№ ${r.stationNumber})`,
            r.text,
            r.legalBasis ?? '',
            t.remarkStatus[r.status] ?? r.status,
            r.answer ? `${r.answeredOn ? `${r.answeredOn}: ` : ''}${r.answer}` : '',
          ]),
          [false, false, false, false, false, false],
          200,
        );
        break;
      }
      case 'election_day': {
        figureBlock([
          ...s.overview.coverage.map((c) => ({
            key: `coverage.${c.shift}`,
            label: t.figure.coverage(t.shift[c.shift] ?? c.shift),
            value: `${n(c.covered)} (${pctOfStations(c.covered)})`,
          })),
          {
            key: 'votingDay.stations',
            label: t.figure.votingDayStations,
            value: `${n(s.votingDay.stationsWithReports)} (${pctOfStations(s.votingDay.stationsWithReports)})`,
          },
          { key: 'incidents.total', label: t.figure.incidents, value: n(s.incidents.total) },
          { key: 'incidents.verified', label: t.figure.incidentsVerified, value: n(s.incidents.verified) },
          { key: 'incidents.rejected', label: t.figure.incidentsRejected, value: n(s.incidents.rejected) },
        ]);
        table(
          'votingDay.byKind',
          t.caption.votingDay,
          [t.table.kind, t.table.reports, t.table.stations],
          s.votingDay.byKind.map((k) => [t.reportKind[k.kind] ?? k.kind, n(k.reports), n(k.stations)]),
          [false, true, true],
        );
        table(
          'incidents.byCategory',
          t.caption.byCategory,
          [t.table.category, t.table.count],
          s.incidents.byCategory.map((c) => [name(c.label, locale) || c.key, n(c.count)]),
          [false, true],
        );
        table(
          'incidents.bySeverity',
          t.caption.bySeverity,
          [t.table.severity, t.table.count],
          s.incidents.bySeverity.map((c) => [t.severity[c.key] ?? c.key, n(c.count)]),
          [false, true],
        );
        table(
          'incidents.byArea',
          t.caption.byArea,
          [t.table.area, t.table.stations, t.table.incidents],
          s.readiness.areas
            .filter((a) => a.incidents > 0)
            .map((a) => [name(a.name, locale), n(a.stations), n(a.incidents)]),
          [false, true, true],
        );
        table(
          'incidents.examples',
          t.caption.examples,
          [t.table.station, t.table.area, t.table.category, t.table.severity, t.table.description],
          s.incidents.examples.map((e) => [
            `№ ${e.stationNumber}`,
            name(e.areaName, locale),
            name(incidentCategoryLabels[e.category as keyof typeof incidentCategoryLabels], locale) || e.category,
            t.severity[e.severity] ?? e.severity,
            e.description,
          ]),
          [false, false, false, false, false],
        );
        break;
      }
      case 'results': {
        figureBlock([
          { key: 'protocols.copies', label: t.figure.copies, value: n(s.protocols.copies) },
          { key: 'protocols.compared', label: t.figure.compared, value: n(s.protocols.compared) },
          { key: 'protocols.discrepant', label: t.figure.discrepant, value: n(s.protocols.discrepant) },
        ]);
        table(
          'protocols.items',
          t.caption.discrepancies,
          [t.table.station, t.table.area, t.table.votesMoved, t.table.lines],
          s.protocols.items.map((d) => [
            `№ ${d.stationNumber}`,
            name(d.areaName, locale),
            n(d.votesMoved),
            d.lines.map((l) => `${l.line}: ${n(l.observed)} / ${n(l.official)}`).join('; '),
          ]),
          [false, false, true, false],
        );
        if (s.statistics) {
          const st = s.statistics;
          figureBlock([
            { key: 'statistics.stations', label: t.figure.officialStations, value: n(st.stations) },
            ...(st.turnoutPercent === null
              ? []
              : [
                  {
                    key: 'statistics.turnout',
                    label: t.figure.turnout,
                    value: `${formatDecimal(st.turnoutPercent, 1, locale)} %`,
                  },
                ]),
            ...(st.leader === null
              ? []
              : [
                  {
                    key: 'statistics.leader',
                    label: t.figure.leader,
                    value:
                      st.leaderPercent === null
                        ? st.leader
                        : `${st.leader} (${formatDecimal(st.leaderPercent, 1, locale)} %)`,
                  },
                ]),
          ]);
          table(
            'statistics.tests',
            t.caption.tests,
            [t.table.test, t.table.observed, t.table.expected, 'p'],
            st.tests.map((x) => [
              t.statTest[x.key] ?? x.key,
              x.observed === null
                ? '—'
                : Number.isInteger(x.observed)
                  ? n(x.observed)
                  : formatDecimal(x.observed, 2, locale),
              x.expected === null ? '—' : formatDecimal(x.expected, 1, locale),
              x.pValue === null ? '—' : formatDecimal(x.pValue, 4, locale),
            ]),
            [false, true, true, true],
          );
        }
        if (s.quickCount) {
          const q = s.quickCount;
          figureBlock([
            { key: 'quickCount.sample', label: t.figure.qcSample, value: n(q.sampleStations) },
            { key: 'quickCount.reported', label: t.figure.qcReported, value: n(q.reported) },
            ...(q.turnout
              ? [
                  {
                    key: 'quickCount.turnout',
                    label: t.figure.qcTurnout,
                    value: `${formatDecimal(q.turnout.estimate, 1, locale)} % ± ${formatDecimal(q.turnout.margin, 1, locale)}`,
                  },
                ]
              : []),
          ]);
          table(
            'quickCount.options',
            t.caption.quickCount(q.confidence),
            [t.table.option, t.table.estimate, t.table.margin],
            q.options.map((o) => [o.code, formatDecimal(o.estimate, 1, locale), formatDecimal(o.margin, 1, locale)]),
            [false, true, true],
          );
        }
        break;
      }
      default:
        break;
    }
  }

  // Recommendations, numbered in order.
  blocks.push({ type: 'heading', level: 1, text: t.recommendations });
  if (input.texts.recommendations.length === 0) blocks.push({ type: 'paragraph', runs: [{ text: t.noData }] });
  input.texts.recommendations.forEach((r, i) => {
    const runs = parseSafeMarkdown(r.text);
    blocks.push({
      type: 'paragraph',
      runs: [
        { text: `${i + 1}. `, bold: true },
        { text: `(${t.chapter[r.chapter]}) `, italic: true },
      ],
    });
    blocks.push(...runs);
    figures[`recommendation.${i + 1}`] = r.text;
  });

  // Earlier recommendations and what became of them.
  if (s.earlierRecommendations.length) {
    blocks.push({ type: 'heading', level: 1, text: t.followUps });
    const byId = new Map(input.texts.followUps.map((f) => [f.recommendationId, f]));
    table(
      'followUps',
      t.caption.followUps,
      [t.table.number, t.table.recommendation, t.table.status, t.table.evidence],
      s.earlierRecommendations.map((r) => {
        const f = byId.get(r.id);
        return [
          r.code,
          `${r.text} (${name(r.electionName, locale)})`,
          f ? t.followUpStatus[f.status] : '—',
          f ? f.evidence : '',
        ];
      }),
      [false, false, false, false],
      1000,
    );
  }

  blocks.push({ type: 'heading', level: 1, text: t.conclusions });
  const conclusions = parseSafeMarkdown(input.texts.conclusions);
  blocks.push(...(conclusions.length ? conclusions : [{ type: 'paragraph' as const, runs: [{ text: t.noData }] }]));

  const annexRows = s.annex.map((a) => [
    String(a.number),
    name(a.areaName, locale),
    a.readinessVisited ? t.table.yes : t.table.no,
    n(a.readinessProblems),
    n(a.votingDayReports),
    n(a.incidents),
    a.protocolCopy ? t.table.yes : t.table.no,
    a.votesMoved === null ? '—' : n(a.votesMoved),
  ]);
  figures['annex.rows'] = String(annexRows.length);
  for (const row of annexRows) figures[`annex.${row[0]}`] = row.join(' | ');

  const title = `${input.approved ? '' : `${t.draftMark}. `}${t.kindTitle[input.kind]}`;
  return {
    locale,
    title,
    subtitle: [s.organisationName, name(s.election.name, locale)].filter(Boolean).join(' — '),
    provenance: [
      t.votingDate(s.election.votingDate),
      t.dataAsOf(s.takenAt.slice(0, 16).replace('T', ' ')),
      s.chainHead ? t.chainHead(s.chainHead.seq, s.chainHead.hash) : t.noChain,
      `v${input.version}`,
    ],
    blocks,
    annex: {
      type: 'table',
      caption: t.annex,
      columns: [
        t.table.station,
        t.table.area,
        t.table.readiness,
        t.table.problems,
        t.table.reports,
        t.table.incidents,
        t.table.protocolCopy,
        t.table.votesMoved,
      ],
      rows: annexRows,
      numeric: [true, false, false, true, true, true, false, true],
    },
    figures,
  };
}

export type { ResolutionTextSet };
