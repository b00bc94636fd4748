import {
  type AuditAction,
  CLAIM_MINUTES,
  claimLive,
  type DecideBody,
  DomainError,
  flagCodesOfSeverity,
  type QueueQuery,
  type ReportFlag,
  reportSeverity,
  type Severity,
  severities,
} from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import { type Actor, audit, scopeOf } from '../auth/actor.ts';
import { OutOfScopeError } from '../auth/out-of-scope.ts';
import type { ElectionsService } from '../elections/elections.service.ts';

type VerificationRow = NonNullable<Awaited<ReturnType<Store['verification']['find']>>>;

const auditOf: Record<DecideBody['decision'], AuditAction> = {
  verified: 'report.verified',
  rejected: 'report.rejected',
  follow_up: 'report.follow_up_requested',
};

/** A queue entry as the API sends it (a claim that expired is shown as none). */
export function entryDto(v: VerificationRow, revision: number, flags: ReportFlag[], now: Date) {
  const live = v.claimedBy !== null && claimLive(v.claimedUntil, now);
  return {
    reportId: v.reportId,
    status: v.status,
    answered: v.answered,
    claim: live && v.claimedBy && v.claimedUntil ? { by: v.claimedBy, until: v.claimedUntil.toISOString() } : null,
    decidedBy: v.decidedBy,
    decidedAt: v.decidedAt?.toISOString() ?? null,
    comment: v.comment,
    revision,
    severity: reportSeverity(flags, v.formKind === 'incident' ? (v.incidentSeverity ?? null) : undefined),
  };
}

function encodeCursor(changedAt: Date, reportId: string): string {
  return Buffer.from(`${changedAt.toISOString()}|${reportId}`).toString('base64url');
}

function decodeCursor(cursor: string): { changedAt: string; reportId: string } {
  const [changedAt, reportId] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!changedAt || !reportId || Number.isNaN(Date.parse(changedAt))) {
    throw new DomainError('validation_failed', 'bad cursor', [{ in: 'query', path: '/after', keyword: 'format' }]);
  }
  return { changedAt, reportId };
}

/**
 * The verification queue: every report with a flag and every incident (kept in the database by
 * triggers), within the actor's area. A coordinator claims a report (others see who has it until
 * the claim expires), then verifies, rejects or asks its observer to follow up; every claim and
 * decision is audited, a report someone else holds is refused (`report_claimed`), and so is a
 * decision from a page that saw an older revision or state (`report_changed`).
 */
export class VerificationService {
  constructor(
    private readonly store: Store,
    private readonly elections: ElectionsService,
    private readonly now: () => Date,
  ) {}

  async queue(actor: Actor, electionId: string, query: QueueQuery) {
    await this.elections.get(electionId);
    const now = this.now();
    const filter = {
      electionId,
      scope: scopeOf(actor),
      now,
      areaId: query.areaId,
      flag: query.flag,
      formKind: query.formKind,
      severity: query.severity
        ? {
            wanted: query.severity,
            codes: Object.fromEntries(severities.map((s) => [s, flagCodesOfSeverity(s)])) as Record<
              Severity,
              ReturnType<typeof flagCodesOfSeverity>
            >,
          }
        : undefined,
    };
    const limit = query.limit ?? 50;
    const [rows, counts] = await Promise.all([
      this.store.verification.page({
        ...filter,
        state: query.state ?? 'pending',
        after: query.after ? decodeCursor(query.after) : undefined,
        limit: limit + 1,
      }),
      this.store.verification.counts(filter),
    ]);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        verification: entryDto(r, r.revision, r.flags, now),
        stationId: r.stationId,
        stationNumber: r.stationNumber,
        formKind: r.formKind,
        observerName: r.observerName,
        flags: r.flags,
        updatedAt: r.updatedAt.toISOString(),
      })),
      nextCursor: rows.length > limit && last ? encodeCursor(last.changedAt, last.reportId) : null,
      counts,
    };
  }

  /** A report's queue state (null when it was never queued); a report outside the area is 404. */
  async get(actor: Actor, reportId: string) {
    const { report, entry } = await this.load(this.store, actor, reportId);
    return entry ? entryDto(entry, report.latestRevision, report.flags, this.now()) : null;
  }

  async claim(actor: Actor, reportId: string, expectedRevision?: number) {
    const now = this.now();
    return this.store.transaction(async (tx) => {
      const { report, entry } = await this.queued(tx, actor, reportId);
      if (expectedRevision !== undefined && report.latestRevision !== expectedRevision) {
        throw changed(report.latestRevision, entry.status);
      }
      const until = new Date(now.getTime() + CLAIM_MINUTES * 60_000);
      if (!(await tx.verification.claim(reportId, actor.user.id, until, now))) throw claimed(entry);
      await audit(
        tx,
        actor,
        { action: 'report.claimed', entityType: 'report', entityId: reportId, details: { until: until.toISOString() } },
        now,
      );
      const after = await tx.verification.find(reportId, scopeOf(actor));
      return entryDto(after ?? entry, report.latestRevision, report.flags, now);
    });
  }

  async release(actor: Actor, reportId: string) {
    const now = this.now();
    return this.store.transaction(async (tx) => {
      const { report, entry } = await this.queued(tx, actor, reportId);
      if (await tx.verification.release(reportId, actor.user.id)) {
        await audit(tx, actor, { action: 'report.claim_released', entityType: 'report', entityId: reportId }, now);
      } else if (entry.claimedBy && claimLive(entry.claimedUntil, now)) {
        throw claimed(entry);
      }
      const after = await tx.verification.find(reportId, scopeOf(actor));
      return entryDto(after ?? entry, report.latestRevision, report.flags, now);
    });
  }

  async decide(actor: Actor, reportId: string, body: DecideBody) {
    const now = this.now();
    const comment = body.comment?.trim() || null;
    if (body.decision === 'follow_up' && !comment) {
      throw new DomainError('validation_failed', 'a follow-up request needs a comment for the observer', [
        { in: 'body', path: '/comment', keyword: 'required' },
      ]);
    }
    return this.store.transaction(async (tx) => {
      const { report, entry } = await this.queued(tx, actor, reportId);
      if (entry.claimedBy && entry.claimedBy.id !== actor.user.id && claimLive(entry.claimedUntil, now)) {
        throw claimed(entry);
      }
      if (report.latestRevision !== body.expectedRevision || entry.status !== body.expectedStatus) {
        throw changed(report.latestRevision, entry.status);
      }
      const done = await tx.verification.decide(
        reportId,
        { status: body.decision, expectedStatus: body.expectedStatus, userId: actor.user.id, comment },
        now,
      );
      // Another process decided or claimed between our read and our write.
      if (!done) throw changed(report.latestRevision, entry.status);
      await audit(
        tx,
        actor,
        {
          action: auditOf[body.decision],
          entityType: 'report',
          entityId: reportId,
          details: { revision: report.latestRevision, from: entry.status, commented: comment !== null },
        },
        now,
      );
      const after = await tx.verification.find(reportId, scopeOf(actor));
      return entryDto(after ?? entry, report.latestRevision, report.flags, now);
    });
  }

  /** The observer's own reports the HQ asked to follow up, with the coordinator's comment. */
  async followUps(actor: Actor) {
    const rows = await this.store.verification.followUps(actor.user.id);
    return rows.map((r) => ({ ...r, requestedAt: r.requestedAt.toISOString() }));
  }

  /** The overview's figures: open reports and how many of them someone holds. */
  openCounts(actor: Actor, electionId: string) {
    return this.store.verification.openCounts(electionId, scopeOf(actor), this.now());
  }

  private async load(store: Store, actor: Actor, reportId: string) {
    const report = await store.reports.findReport(reportId);
    if (!report) throw new DomainError('not_found', 'no such report');
    if (!(await store.reports.stationVisible(report.stationId, scopeOf(actor)))) {
      throw new OutOfScopeError('report', reportId);
    }
    return { report, entry: await store.verification.find(reportId, { kind: 'all' }) };
  }

  private async queued(store: Store, actor: Actor, reportId: string) {
    const { report, entry } = await this.load(store, actor, reportId);
    if (!entry) throw new DomainError('not_found', 'the report is not in the verification queue');
    return { report, entry };
  }
}

function claimed(entry: VerificationRow): DomainError {
  // The holder's id (no name: error messages carry no personal data); the queue shows the name.
  return new DomainError('report_claimed', 'another coordinator holds a claim on this report', {
    claimedBy: entry.claimedBy?.id ?? null,
    claimedUntil: entry.claimedUntil?.toISOString() ?? null,
  });
}

function changed(revision: number, status: string): DomainError {
  return new DomainError('report_changed', 'the report changed since the page was loaded', { revision, status });
}
