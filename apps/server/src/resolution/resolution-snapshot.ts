import type { Remark, ResolutionSnapshot, SnapshotArea, SnapshotCount, User } from '@pollwatch/core';
import { incidentCategories, incidentCategoryLabels, incidentSeverities, NATIONAL_SCOPE } from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import type { QuickCountService } from '../analysis/quick-count.service.ts';
import type { ResultsAnalysisService } from '../analysis/results-analysis.service.ts';
import type { Actor } from '../auth/actor.ts';
import type { ElectionsService } from '../elections/elections.service.ts';
import type { ReadinessService } from '../operations/readiness.service.ts';

/** Verified incidents quoted as examples; discrepancies listed in the body (the annex has every station). */
const EXAMPLES = 15;
const DISCREPANCIES = 100;

export interface SnapshotSources {
  store: Store;
  elections: ElectionsService;
  readiness: ReadinessService;
  analysis: ResultsAnalysisService;
  quickCount: QuickCountService;
}

/** A national actor for the readiness view (the resolution is the HQ's, for the whole country). */
function nationalActor(actor: Actor): Actor {
  const user: User = { ...actor.user, role: 'admin', areaId: null };
  return { user, audited: actor.audited };
}

/**
 * Every figure of the resolution, read from the live data through the services the console uses
 * (the dashboard's counts, readiness, the results analysis, the quick count, the remarks register),
 * so the document and the screens agree. The result is plain JSON and is stored with the version.
 */
export async function takeSnapshot(
  src: SnapshotSources,
  actor: Actor,
  electionId: string,
  now: Date,
): Promise<ResolutionSnapshot> {
  const { store } = src;
  const election = await src.elections.get(electionId);
  const scope = NATIONAL_SCOPE;
  const [
    chainHead,
    areas,
    byStatus,
    observersReady,
    stations,
    readinessVisited,
    covered,
    readiness,
    byKind,
    incidentRows,
    examples,
    annexRows,
    remarks,
    comparison,
    copies,
    analysis,
    quickCount,
    earlier,
    organisation,
  ] = await Promise.all([
    store.reports.chainHead(),
    store.areas.list(),
    store.overview.applicantsByStatus(electionId, scope),
    store.overview.observersReady(electionId, scope),
    store.overview.stationCount(electionId, scope),
    store.overview.stationsWithReport(electionId, 'readiness', scope),
    store.overview.coveredPerShift(electionId, scope),
    src.readiness.view(nationalActor(actor), electionId, { limit: 1_000_000 }),
    store.reports.countsByKind(electionId, scope),
    store.resolutionData.incidentCounts(electionId),
    store.resolutionData.verifiedIncidentExamples(electionId, EXAMPLES),
    store.resolutionData.stationAnnex(electionId),
    store.remarks.listForElection(electionId, scope),
    src.analysis.comparison(electionId),
    store.reports.countedProtocolCopies(electionId),
    src.analysis.analysis(electionId),
    src.quickCount.state(electionId),
    store.resolutions.earlier(election.votingDate, electionId),
    store.settings.get('organisation') as Promise<{ name?: string } | undefined>,
  ]);
  const areaName = new Map(areas.map((a) => [a.id, a.name]));
  const nameOf = (id: string) => areaName.get(id) ?? { ru: '?' };

  // Per station: readiness problems (the readiness view's own rule), copies and votes moved.
  const readinessOf = new Map(readiness.stations.items.map((s) => [s.id, s]));
  const copyStations = new Set(copies.map((c) => c.stationId));
  const movedOf = new Map(comparison.items.map((c) => [c.stationId, c.votesMoved]));
  const discrepant = comparison.items.filter((c) => c.differences.length > 0);

  // Areas: the regions stations belong to, with the readiness and incident counts of their stations.
  const regions = new Map<string, SnapshotArea>();
  for (const st of annexRows) {
    let r = regions.get(st.regionId);
    if (!r) {
      r = { areaId: st.regionId, name: nameOf(st.regionId), stations: 0, visited: 0, withProblems: 0, incidents: 0 };
      regions.set(st.regionId, r);
    }
    const rs = readinessOf.get(st.stationId);
    r.stations++;
    if (rs?.visited) r.visited++;
    if (rs && rs.problems.length > 0) r.withProblems++;
  }
  const countBy = (key: (row: (typeof incidentRows)[number]) => string) => {
    const m = new Map<string, number>();
    for (const row of incidentRows) m.set(key(row), (m.get(key(row)) ?? 0) + row.count);
    return m;
  };
  for (const [regionId, n] of countBy((r) => r.regionId)) {
    const r = regions.get(regionId);
    if (r) r.incidents = n;
  }
  const byCategory = countBy((r) => r.category);
  const bySeverity = countBy((r) => r.severity);
  const byVerification = countBy((r) => r.status);
  const categoryOrder = [...incidentCategories] as string[];
  const categories: SnapshotCount[] = [...byCategory.entries()]
    .map(([key, count]) => ({
      key,
      label: (incidentCategoryLabels as Record<string, { ru: string; kk: string; en: string }>)[key] ?? null,
      count,
    }))
    .sort((a, b) => b.count - a.count || categoryOrder.indexOf(a.key) - categoryOrder.indexOf(b.key));
  const severityOrder = [...incidentSeverities].reverse() as string[];
  const severities: SnapshotCount[] = [...bySeverity.entries()]
    .map(([key, count]) => ({ key, label: null, count }))
    .sort((a, b) => severityOrder.indexOf(a.key) - severityOrder.indexOf(b.key));

  const remarkCounts = new Map<string, number>();
  for (const r of remarks) remarkCounts.set(r.status, (remarkCounts.get(r.status) ?? 0) + 1);
  const commissionOf = (r: Remark) => r.commissionName ?? (r.areaName.ru || '—');

  const totals = analysis.analysis?.totals;
  const a = analysis.analysis;
  const leaderShare = a && totals ? (totals.options[a.leader]?.share ?? null) : null;
  const confidence = 95;

  return {
    format: 1,
    takenAt: now.toISOString(),
    chainHead: chainHead.seq > 0 ? { seq: chainHead.seq, hash: chainHead.hash } : null,
    organisationName: organisation?.name ?? null,
    election: { id: election.id, name: election.name, votingDate: election.votingDate, kind: election.kind },
    overview: {
      stations,
      applicants: byStatus.reduce((sum, r) => sum + r.count, 0),
      observersReadyApplicants: observersReady.applicants,
      observersAssigned: observersReady.assigned,
      readinessVisited,
      coverage: covered
        .map((c) => ({ shift: c.shift, covered: c.stations }))
        .sort((x, y) => x.shift.localeCompare(y.shift)),
    },
    readiness: {
      visited: readiness.totals.visited,
      withProblems: readiness.totals.withProblems,
      findings: readiness.findings.map((f) => ({ questionId: f.questionId, label: f.label, problem: f.problem })),
      areas: [...regions.values()].sort(
        (x, y) =>
          y.withProblems - x.withProblems ||
          x.name.ru.localeCompare(y.name.ru, 'ru') ||
          x.areaId.localeCompare(y.areaId),
      ),
    },
    votingDay: {
      stationsWithReports: annexRows.filter((s) => s.votingDayReports > 0).length,
      byKind: byKind.filter((k) => k.kind !== 'readiness').sort((x, y) => x.kind.localeCompare(y.kind)),
    },
    incidents: {
      total: incidentRows.reduce((sum, r) => sum + r.count, 0),
      verified: byVerification.get('verified') ?? 0,
      rejected: byVerification.get('rejected') ?? 0,
      byCategory: categories,
      bySeverity: severities,
      examples: examples.map((e) => ({
        reportId: e.reportId,
        stationNumber: e.stationNumber,
        areaName: nameOf(e.regionId),
        category: e.category,
        severity: e.severity,
        description: e.description,
      })),
    },
    remarks: {
      total: remarks.length,
      byStatus: [...remarkCounts.entries()]
        .map(([key, count]) => ({ key, label: null, count }))
        .sort((x, y) => x.key.localeCompare(y.key)),
      items: remarks.map((r) => ({
        number: String(r.number),
        commission: commissionOf(r),
        stationNumber: r.stationNumber,
        text: r.body ? `${r.title}. ${r.body}` : r.title,
        legalBasis: r.legalBasis,
        status: r.status,
        answer: r.answer,
        answeredOn: r.answeredOn,
      })),
    },
    protocols: {
      copies: copies.length,
      compared: comparison.compared,
      discrepant: discrepant.length,
      items: discrepant.slice(0, DISCREPANCIES).map((c) => ({
        stationNumber: c.stationNumber,
        areaName: nameOf(c.regionId),
        votesMoved: c.votesMoved,
        lines: c.differences.slice(0, 6).map((d) => ({
          line: d.line,
          observed: d.observed ?? 0,
          official: d.official ?? 0,
        })),
      })),
    },
    statistics:
      a && totals
        ? {
            stations: analysis.stations,
            turnoutPercent: totals.turnout,
            leader: a.leader,
            leaderPercent: leaderShare,
            tests: [
              {
                key: 'integer_percentages',
                observed: a.integerPercentages.either.observed,
                expected: a.integerPercentages.either.expected,
                pValue: a.integerPercentages.either.monteCarlo?.pValue ?? null,
              },
              { key: 'last_digit', observed: a.lastDigit.chiSquare, expected: null, pValue: a.lastDigit.pValue },
              { key: 'shpilkin', observed: a.shpilkin.anomalousVotes, expected: null, pValue: null },
              ...(a.protocolChecks
                ? [
                    {
                      key: 'protocol_checks',
                      observed: a.protocolChecks.stationsWithErrors,
                      expected: null,
                      pValue: null,
                    },
                  ]
                : []),
            ],
          }
        : null,
    quickCount:
      quickCount.sample === null
        ? null
        : {
            sampleStations: quickCount.sample.stations.length,
            reported: quickCount.sample.stations.filter((s) => s.reported).length,
            confidence,
            turnout:
              quickCount.estimate?.turnout.estimate != null
                ? { estimate: quickCount.estimate.turnout.estimate, margin: quickCount.estimate.turnout.margin95 ?? 0 }
                : null,
            options: Object.entries(quickCount.estimate?.options ?? {})
              .filter(([, e]) => e.estimate !== null)
              .map(([code, e]) => ({ code, estimate: e.estimate ?? 0, margin: e.margin95 ?? 0 }))
              .sort((x, y) => y.estimate - x.estimate || x.code.localeCompare(y.code)),
          },
    earlierRecommendations: earlier.map((r) => ({
      id: r.id,
      code: `${r.votingDate.slice(0, 4)}-${r.number}`,
      electionName: r.electionName as ResolutionSnapshot['election']['name'],
      chapter: r.chapter as ResolutionSnapshot['earlierRecommendations'][number]['chapter'],
      text: r.text,
    })),
    annex: annexRows.map((st) => {
      const rs = readinessOf.get(st.stationId);
      return {
        number: st.number,
        areaName: nameOf(st.regionId),
        readinessVisited: rs?.visited ?? st.readinessReports > 0,
        readinessProblems: rs?.problems.length ?? 0,
        votingDayReports: st.votingDayReports,
        incidents: st.incidents,
        protocolCopy: copyStations.has(st.stationId),
        votesMoved: movedOf.get(st.stationId) ?? null,
      };
    }),
  };
}
