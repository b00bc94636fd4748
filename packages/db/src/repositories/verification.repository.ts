import type { AreaScope, FormKind, ReportFlag, ReportFlagCode, Severity, VerificationStatus } from '@pollwatch/core';
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import { areaInScope, stationInScope } from '../area-scope.ts';
import type { DialectName } from '../database.ts';
import type { Database } from '../schema.ts';
import { readJson, readTime, timeValue } from '../values.ts';

/** A report's place in the verification queue, with the names of who holds and who decided it. */
export interface VerificationRow {
  reportId: string;
  electionId: string;
  stationId: string;
  formKind: string;
  status: VerificationStatus;
  answered: boolean;
  incidentSeverity: string | null;
  claimedBy: { id: string; name: string } | null;
  claimedUntil: Date | null;
  decidedBy: { id: string; name: string } | null;
  decidedAt: Date | null;
  comment: string | null;
  changedAt: Date;
}

export interface QueueItemRow extends VerificationRow {
  stationNumber: number;
  observerId: string;
  observerName: string;
  revision: number;
  flags: ReportFlag[];
  updatedAt: Date;
}

export interface QueueFilter {
  electionId: string;
  scope: AreaScope;
  now: Date;
  areaId?: string | undefined;
  flag?: ReportFlagCode | undefined;
  formKind?: FormKind | undefined;
  /** The flag codes of each severity (core's rule), with the severity asked for. */
  severity?: { wanted: Severity; codes: Record<Severity, readonly ReportFlagCode[]> } | undefined;
}

export interface QueueCounts {
  pending: number;
  claimed: number;
  follow_up: number;
  verified: number;
  rejected: number;
}

export interface FollowUpRow {
  reportId: string;
  electionId: string;
  stationId: string;
  stationNumber: number;
  formId: string;
  formKind: string;
  revision: number;
  comment: string | null;
  requestedBy: string;
  requestedAt: Date;
}

/**
 * The verification queue (`report_verifications`, kept by triggers: a report with a flag or an
 * incident is in it). Lists and counts filter in SQL, within the area scope; claims and decisions
 * are conditional updates, so two coordinators never both win.
 */
export class VerificationRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  /** The queue row's columns with the names of who holds it and who decided. */
  private static readonly columns = [
    'q.report_id',
    'q.election_id',
    'q.station_id',
    'q.form_kind',
    'q.status',
    'q.answered',
    'q.incident_severity',
    'q.claimed_by',
    'cu.display_name as claimed_by_name',
    'q.claimed_until',
    'q.decided_by',
    'du.display_name as decided_by_name',
    'q.decided_at',
    'q.comment',
    'q.changed_at',
  ] as const;

  private base() {
    return this.db
      .selectFrom('report_verifications as q')
      .leftJoin('users as cu', 'cu.id', 'q.claimed_by')
      .leftJoin('users as du', 'du.id', 'q.decided_by')
      .select(VerificationRepository.columns);
  }

  /** One report's queue row when its station lies in the scope (undefined when not queued or outside). */
  async find(reportId: string, scope: AreaScope): Promise<VerificationRow | undefined> {
    const row = await this.base()
      .where('q.report_id', '=', reportId)
      .where(stationInScope('q.station_id', scope))
      .executeTakeFirst();
    return row ? toVerification(row) : undefined;
  }

  /**
   * A flag with one of these codes is among the queued report's flags: the codes the schema's
   * triggers keep per report (report_flag_codes, indexed by election and code), so a flag filter
   * reads the reports that have it instead of parsing every queued report's flags.
   */
  private hasFlag(electionId: string, codes: readonly string[]): Expression<SqlBool> {
    if (codes.length === 0) return sql<SqlBool>`1 = 0`;
    const list = sql.join(codes.map((c) => sql`${c}`));
    return sql<SqlBool>`q.report_id in (select fc.report_id from report_flag_codes fc
      where fc.election_id = ${electionId} and fc.code in (${list}))`;
  }

  /** The report's severity is the one wanted: the highest of its flags' and its incident's. */
  private severityIs(electionId: string, s: NonNullable<QueueFilter['severity']>): Expression<SqlBool> {
    const high = sql<SqlBool>`(${this.hasFlag(electionId, s.codes.high)} or coalesce(q.incident_severity, '') = 'high')`;
    const medium = sql<SqlBool>`(${this.hasFlag(electionId, s.codes.medium)} or (q.form_kind = 'incident' and coalesce(q.incident_severity, '') not in ('high', 'low')))`;
    if (s.wanted === 'high') return high;
    if (s.wanted === 'medium') return sql<SqlBool>`(${medium} and not ${high})`;
    return sql<SqlBool>`(not ${high} and not ${medium})`;
  }

  /** The queue rows the filters keep (no joins: counts read the queue table alone). */
  private filtered(f: QueueFilter) {
    let q = this.db
      .selectFrom('report_verifications as q')
      .where('q.election_id', '=', f.electionId)
      .where(stationInScope('q.station_id', f.scope));
    if (f.areaId) q = q.where(stationInScope('q.station_id', { kind: 'area', areaId: f.areaId }));
    if (f.formKind) q = q.where('q.form_kind', '=', f.formKind);
    if (f.flag) q = q.where(this.hasFlag(f.electionId, [f.flag]));
    if (f.severity) q = q.where(this.severityIs(f.electionId, f.severity));
    return q;
  }

  private claimLive(now: Date): Expression<SqlBool> {
    // `claimed_by is not null` lets both databases use the claims' partial index.
    return sql<SqlBool>`(q.claimed_by is not null and q.claimed_until is not null and q.claimed_until > ${timeValue(this.dialect, now)})`;
  }

  /**
   * One page of the queue, newest change first. `pending` holds every open report (claimed ones
   * too), `claimed` those someone holds a live claim on.
   */
  async page(
    f: QueueFilter & {
      state: 'pending' | 'claimed' | 'follow_up' | 'verified' | 'rejected';
      after?: { changedAt: string; reportId: string } | undefined;
      limit: number;
    },
  ): Promise<QueueItemRow[]> {
    // The page of queue rows first, from the queue alone, then its details for those rows only:
    // joined in one statement, PostgreSQL hashed every report of the election to find a region's
    // few flagged ones (60 ms for a page of 0 rows).
    let page = this.filtered(f)
      .selectAll('q')
      .where('q.status', '=', f.state === 'claimed' ? 'pending' : f.state);
    if (f.state === 'claimed') page = page.where(this.claimLive(f.now));
    if (f.after) {
      const at = timeValue(this.dialect, new Date(f.after.changedAt));
      const id = f.after.reportId;
      page = page.where((eb) =>
        eb.or([eb('q.changed_at', '<', at), eb.and([eb('q.changed_at', '=', at), eb('q.report_id', '<', id)])]),
      );
    }
    const rows = await this.db
      .selectFrom(page.orderBy('q.changed_at', 'desc').orderBy('q.report_id', 'desc').limit(f.limit).as('q'))
      .leftJoin('users as cu', 'cu.id', 'q.claimed_by')
      .leftJoin('users as du', 'du.id', 'q.decided_by')
      .innerJoin('reports as r', 'r.id', 'q.report_id')
      .innerJoin('stations as s', 's.id', 'q.station_id')
      .innerJoin('users as u', 'u.id', 'r.observer_id')
      .select(VerificationRepository.columns)
      .select(['s.number', 'r.observer_id', 'u.display_name', 'r.latest_revision', 'r.flags', 'r.updated_at'])
      .orderBy('q.changed_at', 'desc')
      .orderBy('q.report_id', 'desc')
      .execute();
    return rows.map((r) => ({
      ...toVerification(r),
      stationNumber: r.number,
      observerId: r.observer_id,
      observerName: r.display_name,
      revision: r.latest_revision,
      flags: readJson(r.flags) as ReportFlag[],
      updatedAt: readTime(r.updated_at),
    }));
  }

  /** How many reports of each state match the filters (claimed: open ones with a live claim). */
  async counts(f: QueueFilter): Promise<QueueCounts> {
    const byStation = !f.flag && !f.severity && !f.formKind;
    const [rows, claimed] = await Promise.all([
      // Without filters on the reports themselves, from the counts kept per station and state
      // (one row each); otherwise from the queue.
      byStation && f.scope.kind === 'all' && f.areaId === undefined
        ? // The whole election: its kept totals (migration 20261211110000), one row per state.
          this.db
            .selectFrom('verification_totals as t')
            .select(['t.status', 't.n'])
            .where('t.election_id', '=', f.electionId)
            .execute()
        : byStation
          ? this.db
              .selectFrom('verification_counts as c')
              .select((eb) => ['c.status', eb.fn.sum<number | string>('c.n').as('n')])
              .where('c.election_id', '=', f.electionId)
              .where(this.stationsOf('c.station_id', f.electionId, f.scope))
              .$if(f.areaId !== undefined, (qb) =>
                qb.where(this.stationsOf('c.station_id', f.electionId, { kind: 'area', areaId: f.areaId ?? '' })),
              )
              .groupBy('c.status')
              .execute()
          : this.filtered(f)
              .select((eb) => ['q.status', eb.fn.countAll<number | string>().as('n')])
              .groupBy('q.status')
              .execute(),
      // The live claims among the open ones, from the claims' index.
      this.filtered(f)
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('q.status', '=', 'pending')
        .where(this.claimLive(f.now))
        .executeTakeFirstOrThrow(),
    ]);
    const counts: QueueCounts = { pending: 0, claimed: Number(claimed.n), follow_up: 0, verified: 0, rejected: 0 };
    for (const r of rows) counts[r.status as VerificationStatus] = Number(r.n ?? 0);
    return counts;
  }

  /** The station `column` is one of the election's stations in the scope (a list the database reads first). */
  private stationsOf(column: string, electionId: string, scope: AreaScope): Expression<SqlBool> {
    if (scope.kind === 'all') return sql<SqlBool>`1 = 1`;
    if (scope.kind === 'none') return sql<SqlBool>`1 = 0`;
    return sql<SqlBool>`${sql.ref(column)} in (select st.id from stations st where st.election_id = ${electionId} and ${areaInScope('st.area_id', scope)})`;
  }

  /**
   * Claims a report for `userId` until `until`, unless someone else holds a live claim. Claiming
   * again extends one's own claim. Returns whether the claim is now the user's.
   */
  async claim(reportId: string, userId: string, until: Date, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('report_verifications as q')
      .set({ claimed_by: userId, claimed_until: timeValue(this.dialect, until) })
      .where('q.report_id', '=', reportId)
      .where((eb) =>
        eb.or([
          eb('q.claimed_by', 'is', null),
          eb('q.claimed_by', '=', userId),
          eb('q.claimed_until', 'is', null),
          eb('q.claimed_until', '<=', timeValue(this.dialect, now)),
        ]),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Lets go of one's own claim. Returns whether there was one to let go of. */
  async release(reportId: string, userId: string): Promise<boolean> {
    const result = await this.db
      .updateTable('report_verifications')
      .set({ claimed_by: null, claimed_until: null })
      .where('report_id', '=', reportId)
      .where('claimed_by', '=', userId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Records a decision when the report is still in the state the deciding page saw and nobody
   * else holds a live claim; the claim ends with the decision. Returns whether it was recorded.
   */
  async decide(
    reportId: string,
    d: { status: VerificationStatus; expectedStatus: VerificationStatus; userId: string; comment: string | null },
    now: Date,
  ): Promise<boolean> {
    const at = timeValue(this.dialect, now);
    const result = await this.db
      .updateTable('report_verifications as q')
      .set({
        status: d.status,
        answered: 0,
        decided_by: d.userId,
        decided_at: at,
        comment: d.comment,
        claimed_by: null,
        claimed_until: null,
      })
      .where('q.report_id', '=', reportId)
      .where('q.status', '=', d.expectedStatus)
      .where((eb) =>
        eb.or([
          eb('q.claimed_by', 'is', null),
          eb('q.claimed_by', '=', d.userId),
          eb('q.claimed_until', 'is', null),
          eb('q.claimed_until', '<=', at),
        ]),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** The overview's figures: open reports (pending) and those of them someone holds a live claim on. */
  async openCounts(electionId: string, scope: AreaScope, now: Date): Promise<{ open: number; claimed: number }> {
    const counts = await this.counts({ electionId, scope, now });
    return { open: counts.pending, claimed: counts.claimed };
  }

  /** The observer's reports the HQ asked to follow up, newest request first. */
  async followUps(observerId: string): Promise<FollowUpRow[]> {
    const rows = await this.db
      .selectFrom('report_verifications as q')
      .innerJoin('reports as r', 'r.id', 'q.report_id')
      .innerJoin('stations as s', 's.id', 'q.station_id')
      .leftJoin('users as du', 'du.id', 'q.decided_by')
      .select([
        'q.report_id',
        'q.election_id',
        'q.station_id',
        's.number',
        'r.form_id',
        'q.form_kind',
        'r.latest_revision',
        'q.comment',
        'du.display_name',
        'q.decided_at',
      ])
      .where('r.observer_id', '=', observerId)
      .where('q.status', '=', 'follow_up')
      .orderBy('q.decided_at', 'desc')
      .orderBy('q.report_id')
      .limit(200)
      .execute();
    return rows.map((r) => ({
      reportId: r.report_id,
      electionId: r.election_id,
      stationId: r.station_id,
      stationNumber: r.number,
      formId: r.form_id,
      formKind: r.form_kind,
      revision: r.latest_revision,
      comment: r.comment,
      requestedBy: r.display_name ?? '',
      requestedAt: readTime(r.decided_at ?? new Date(0)),
    }));
  }
}

function toVerification(r: {
  report_id: string;
  election_id: string;
  station_id: string;
  form_kind: string;
  status: string;
  answered: number;
  incident_severity: string | null;
  claimed_by: string | null;
  claimed_by_name: string | null;
  claimed_until: Date | string | null;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: Date | string | null;
  comment: string | null;
  changed_at: Date | string;
}): VerificationRow {
  return {
    reportId: r.report_id,
    electionId: r.election_id,
    stationId: r.station_id,
    formKind: r.form_kind,
    status: r.status as VerificationStatus,
    answered: Number(r.answered) === 1,
    incidentSeverity: r.incident_severity,
    claimedBy: r.claimed_by ? { id: r.claimed_by, name: r.claimed_by_name ?? '' } : null,
    claimedUntil: r.claimed_until === null ? null : readTime(r.claimed_until),
    decidedBy: r.decided_by ? { id: r.decided_by, name: r.decided_by_name ?? '' } : null,
    decidedAt: r.decided_at === null ? null : readTime(r.decided_at),
    comment: r.comment,
    changedAt: readTime(r.changed_at),
  };
}
