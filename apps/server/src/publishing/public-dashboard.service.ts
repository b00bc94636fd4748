import {
  DomainError,
  freeSlug,
  incidentCategories,
  incidentCategoryLabels,
  type LocalizedText,
  NATIONAL_SCOPE,
  type PublicDashboard,
  type PutDashboardBody,
  SUPPRESSION_THRESHOLD,
  safeShare,
  slugify,
  suppressed,
} from '@pollwatch/core';
import type { DashboardRow, Store } from '@pollwatch/db';
import type { QuickCountService } from '../analysis/quick-count.service.ts';
import type { ResultsAnalysisService } from '../analysis/results-analysis.service.ts';
import { type Actor, audit } from '../auth/actor.ts';
import type { ResolutionService } from '../resolution/resolution.service.ts';

/** The register's states the public sees: sent, and the commission's outcome. */
const PUBLIC_REMARK_STATUSES = ['sent', 'acknowledged', 'resolved', 'not_resolved', 'no_answer'] as const;

const VOTING_DAY_KINDS = ['opening', 'voting', 'closing', 'turnout', 'protocol', 'incident'] as const;

/**
 * Each election's public dashboard (issue 19): nothing is public until an editor publishes it; the
 * quick count only once the HQ publishes it too. Figures are national or per region, and any count
 * of people or of their reports below SUPPRESSION_THRESHOLD in a region or category is withheld.
 */
export class PublicDashboardService {
  constructor(
    private readonly store: Store,
    private readonly analysis: ResultsAnalysisService,
    private readonly quickCount: QuickCountService,
    private readonly now: () => Date,
    private readonly resolutions: ResolutionService,
  ) {}

  states(): Promise<DashboardRow[]> {
    return this.store.publicDashboards.states();
  }

  async save(actor: Actor, electionId: string, body: PutDashboardBody): Promise<DashboardRow> {
    const now = this.now();
    return this.store.transaction(async (tx) => {
      const current = await tx.publicDashboards.state(electionId);
      if (!current) throw new DomainError('not_found', 'no such election');
      let slug = current.slug;
      if (!slug) {
        const base = slugify(`${current.electionName.ru} ${current.votingDate.slice(0, 4)}`);
        const taken = await tx.publicDashboards.slugsLike(base);
        slug = freeSlug(base, (s) => taken.has(s));
      }
      const quickCountPublished = body.published && (body.quickCountPublished ?? current.quickCountPublished);
      // The resolution is its own decision (it can quote observers' incident descriptions): the
      // tick pins the newest approved version; unticking or unpublishing the dashboard withdraws it.
      let resolutionId: string | null = null;
      const wantResolution = body.published && (body.resolutionPublished ?? current.resolutionId !== null);
      if (wantResolution) {
        resolutionId =
          current.resolutionId ?? (await tx.publicDashboards.latestApprovedResolution(electionId))?.id ?? null;
        if (!resolutionId) {
          throw new DomainError('resolution_not_approved', 'no version of the resolution is approved yet');
        }
      }
      await tx.publicDashboards.save(
        electionId,
        { slug, published: body.published, quickCountPublished, resolutionId },
        actor.user.id,
        now,
      );
      await audit(
        tx,
        actor,
        {
          action: 'public_dashboard.updated',
          entityType: 'public_dashboard',
          entityId: electionId,
          details: { published: body.published, quickCountPublished, resolutionId },
        },
        now,
      );
      return (await tx.publicDashboards.state(electionId)) as DashboardRow;
    });
  }

  listPublished(): Promise<DashboardRow[]> {
    return this.store.publicDashboards.listPublished();
  }

  /** The published dashboard, or not_found (also for one not published: nothing leaks early). */
  async dashboard(slug: string): Promise<PublicDashboard> {
    const row = await this.store.publicDashboards.publishedBySlug(slug);
    if (!row?.slug) throw new DomainError('not_found', 'no such dashboard');
    const electionId = row.electionId;
    const repo = this.store.publicDashboards;
    // The map shows regions; an election held in one region (a city) shows its districts instead.
    let by: 'region' | 'area' = 'region';
    let areasOf = await repo.stationsPerArea(electionId, by);
    if (areasOf.length < 2) {
      by = 'area';
      areasOf = await repo.stationsPerArea(electionId, by);
    }
    const [readinessCovered, votingCovered, reports, findings, incidents] = await Promise.all([
      repo.coveredPerArea(electionId, ['readiness'], by),
      repo.coveredPerArea(electionId, VOTING_DAY_KINDS, by),
      repo.votingDayReports(electionId),
      repo.readinessWithFindings(electionId),
      repo.verifiedIncidents(electionId, by),
    ]);
    const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    const stations = areasOf.reduce((a, r) => a + r.stations, 0);
    const visited = sum(readinessCovered);
    const covered = sum(votingCovered);
    const areas = areasOf
      .map((r) => {
        const c = votingCovered.get(r.areaId) ?? 0;
        return {
          areaId: r.areaId,
          name: r.name,
          stations: r.stations,
          covered: c,
          share: safeShare(c, r.stations),
          incidents: suppressed(incidents.byArea.get(r.areaId) ?? 0),
        };
      })
      .sort((a, b) => a.name.ru.localeCompare(b.name.ru, 'ru'));
    return {
      slug: row.slug,
      election: { name: row.electionName, votingDate: row.votingDate, timeZone: row.timeZone },
      updatedAt: this.now(),
      readiness: {
        stations,
        visited,
        share: safeShare(visited, stations),
        withFindings: visited >= SUPPRESSION_THRESHOLD ? findings : suppressed(findings),
      },
      votingDay: { stations, covered, share: safeShare(covered, stations), reports },
      incidents: {
        verified: incidents.total,
        byCategory: incidentCategories.map((category) => ({
          category,
          label: incidentCategoryLabels[category] as LocalizedText,
          count: suppressed(incidents.byCategory.get(category) ?? 0),
        })),
      },
      areas,
      turnout: await this.turnout(electionId),
      quickCount: row.quickCountPublished ? await this.quickCountOf(electionId) : null,
      remarks: await this.remarks(electionId),
      resolution: row.resolutionId
        ? { href: `/api/v1/public/dashboards/${encodeURIComponent(row.slug)}/resolution` }
        : null,
    };
  }

  /**
   * The approved resolution version published with a dashboard, as PDF or DOCX, built from its own
   * frozen snapshot. not_found unless the dashboard is published, the editor ticked the resolution,
   * and the version is approved (a draft is never served).
   */
  async resolutionFile(
    slug: string,
    format: 'pdf' | 'docx',
    locale: 'ru' | 'kk',
  ): Promise<{ name: string; format: 'pdf' | 'docx'; body: Buffer | Uint8Array }> {
    const row = await this.store.publicDashboards.publishedBySlug(slug);
    if (!row?.resolutionId || !(await this.store.publicDashboards.resolutionApproved(row.resolutionId))) {
      throw new DomainError('not_found', 'no published resolution');
    }
    // built once per version and language (an approved version never changes), not per request
    return this.resolutions.approvedFile(row.resolutionId, format, locale);
  }

  /**
   * The remarks register's counts by state, drafts left out (they have not reached a commission).
   * Counts below the threshold are withheld like every other breakdown.
   */
  private async remarks(electionId: string): Promise<PublicDashboard['remarks']> {
    const counts = await this.store.remarks.countByStatus(electionId, NATIONAL_SCOPE, '0000-01-01');
    const published = PUBLIC_REMARK_STATUSES.map((status) => ({
      outcome: status,
      count: suppressed(counts.byStatus[status] ?? 0),
    }));
    return published.some((r) => r.count !== 0) ? published : null;
  }

  /** The last checkpoint where at least the threshold of stations have both figures. */
  private async turnout(electionId: string): Promise<PublicDashboard['turnout']> {
    const comparison = await this.analysis.turnout(electionId);
    const usable = comparison.summary.filter((s) => s.matchedStations >= SUPPRESSION_THRESHOLD);
    const last = usable.at(-1);
    if (!last) return null;
    return {
      checkpoint: last.checkpoint,
      stations: last.matchedStations,
      observedVoters: last.observedOnMatched,
      officialVoters: last.officialOnMatched,
    };
  }

  private async quickCountOf(electionId: string): Promise<PublicDashboard['quickCount']> {
    const state = await this.quickCount.state(electionId);
    if (!state.estimate) return null;
    const election = await this.store.elections.findById(electionId);
    // The estimate is in per cent already.
    const pct = (v: number) => Math.round(v * 10) / 10;
    const options = (election?.ballotOptions ?? []).flatMap((o) => {
      const e = state.estimate?.options[o.code];
      if (!e || e.estimate === null) return [];
      const margin = e.margin95 ?? 0;
      return [{ label: o.name, share: pct(e.estimate), low: pct(e.estimate - margin), high: pct(e.estimate + margin) }];
    });
    return { options, stations: state.estimate.reports };
  }
}
