import type { AreaScope } from '@pollwatch/core';
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import { areaInScope } from '../area-scope.ts';
import type { DialectName } from '../database.ts';
import type { Database } from '../schema.ts';
import { readInt, readTime, timeValue } from '../values.ts';

/**
 * A station's own hours and zone as stored: null means "the election's". Stations sharing these
 * share a schedule, so the alerts decide once per group (core's `dueExpectations`) and count the
 * group's stations in SQL.
 */
export interface ScheduleGroup {
  timeZone: string | null;
  pollsOpen: string | null;
  pollsClose: string | null;
}

export interface AlertStation {
  stationId: string;
  stationNumber: number;
  stationAddress: string;
}

export interface Counted<T> {
  count: number;
  items: T[];
}

/**
 * The SQL behind the alerts (issue 17): stations missing an expected report, open critical
 * incidents, silent phones. Every count runs in the database over indexes (assignments by station,
 * reports by station and kind, reports by observer and time, the verification queue), and lists
 * are the first `limit` rows by station number.
 */
export class AlertsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  /** The distinct schedules of the election's stations (usually one: the election's). */
  async scheduleGroups(electionId: string): Promise<ScheduleGroup[]> {
    const rows = await this.db
      .selectFrom('stations')
      .select(['time_zone', 'polls_open', 'polls_close'])
      .distinct()
      .where('election_id', '=', electionId)
      .execute();
    return rows.map((r) => ({ timeZone: r.time_zone, pollsOpen: r.polls_open, pollsClose: r.polls_close }));
  }

  private inGroups(groups: readonly ScheduleGroup[]): Expression<SqlBool> {
    const eq = (column: string, value: string | null) =>
      value === null ? sql`${sql.ref(column)} is null` : sql`${sql.ref(column)} = ${value}`;
    return sql<SqlBool>`(${sql.join(
      groups.map(
        (g) =>
          sql`(${eq('s.time_zone', g.timeZone)} and ${eq('s.polls_open', g.pollsOpen)} and ${eq('s.polls_close', g.pollsClose)})`,
      ),
      sql` or `,
    )})`;
  }

  private checkpointTime(): Expression<string> {
    return this.dialect === 'postgres'
      ? sql<string>`(rv.answers ->> 'checkpoint_time')`
      : sql<string>`json_extract(rv.answers, '$.checkpoint_time')`;
  }

  /**
   * Stations of the groups with an observer in one of `shifts` and no report of `formKind` (for
   * turnout: none for the checkpoint, i.e. with a checkpoint time from `from` up to `until`).
   */
  async missingReports(
    electionId: string,
    scope: AreaScope,
    query: {
      groups: readonly ScheduleGroup[];
      shifts: readonly string[];
      formKind: 'opening' | 'turnout' | 'protocol';
      checkpoint?: { from: string; until: string | null };
    },
    limit: number,
  ): Promise<Counted<AlertStation>> {
    if (query.groups.length === 0 || query.shifts.length === 0) return { count: 0, items: [] };
    const checkpoint = query.checkpoint;
    const arrived = checkpoint
      ? sql<SqlBool>`exists (select 1 from reports r join report_revisions rv on rv.report_id = r.id and rv.revision = r.latest_revision
          where r.station_id = s.id and r.form_kind = ${query.formKind} and ${this.checkpointTime()} >= ${checkpoint.from}
          ${checkpoint.until === null ? sql`` : sql`and ${this.checkpointTime()} < ${checkpoint.until}`})`
      : sql<SqlBool>`exists (select 1 from reports r where r.station_id = s.id and r.form_kind = ${query.formKind})`;
    const base = this.db
      .selectFrom('stations as s')
      .where('s.election_id', '=', electionId)
      .where(areaInScope('s.area_id', scope))
      .where(this.inGroups(query.groups))
      .where(
        sql<SqlBool>`exists (select 1 from assignments a where a.station_id = s.id and a.shift in (${sql.join([...query.shifts])}))`,
      )
      .where(sql<SqlBool>`not ${arrived}`);
    const counted = await base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
    const count = readInt(counted?.n ?? 0);
    if (count === 0 || limit <= 0) return { count, items: [] };
    const rows = await base
      .select(['s.id', 's.number', 's.address'])
      .orderBy('s.region_id')
      .orderBy('s.number')
      .limit(limit)
      .execute();
    return { count, items: rows.map((r) => ({ stationId: r.id, stationNumber: r.number, stationAddress: r.address })) };
  }

  /** Incidents the observer marked `severity` that the verification queue has not verified or rejected yet. */
  async openIncidents(
    electionId: string,
    scope: AreaScope,
    severity: string,
    limit: number,
  ): Promise<Counted<AlertStation & { reportId: string; at: Date }>> {
    const base = this.db
      .selectFrom('report_verifications as v')
      .innerJoin('stations as s', 's.id', 'v.station_id')
      .where('v.election_id', '=', electionId)
      .where('v.form_kind', '=', 'incident')
      .where('v.incident_severity', '=', severity)
      .where('v.status', 'in', ['pending', 'follow_up'])
      .where(areaInScope('s.area_id', scope));
    const counted = await base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
    const count = readInt(counted?.n ?? 0);
    if (count === 0 || limit <= 0) return { count, items: [] };
    const rows = await base
      .select(['v.report_id', 'v.changed_at', 's.id', 's.number', 's.address'])
      .orderBy('v.changed_at', 'desc')
      .orderBy('v.report_id')
      .limit(limit)
      .execute();
    return {
      count,
      items: rows.map((r) => ({
        reportId: r.report_id,
        at: readTime(r.changed_at),
        stationId: r.id,
        stationNumber: r.number,
        stationAddress: r.address,
      })),
    };
  }

  /**
   * Observers assigned for one of `shifts` at a station of the groups whose last report and last
   * request (session activity) are both older than `before`.
   */
  async silentObservers(
    electionId: string,
    scope: AreaScope,
    query: { groups: readonly ScheduleGroup[]; shifts: readonly string[]; before: Date },
    limit: number,
  ): Promise<Counted<AlertStation & { observerId: string; observerName: string; lastHeard: Date | null }>> {
    if (query.groups.length === 0 || query.shifts.length === 0) return { count: 0, items: [] };
    const before = timeValue(this.dialect, query.before);
    const base = this.db
      .selectFrom('assignments as a')
      .innerJoin('stations as s', 's.id', 'a.station_id')
      .innerJoin('users as u', 'u.id', 'a.observer_id')
      .where('a.election_id', '=', electionId)
      .where('a.shift', 'in', [...query.shifts])
      .where('u.status', '=', 'active')
      .where(areaInScope('s.area_id', scope))
      .where(this.inGroups(query.groups))
      .where(
        sql<SqlBool>`not exists (select 1 from reports r where r.observer_id = a.observer_id and r.updated_at >= ${before})`,
      )
      .where(
        sql<SqlBool>`not exists (select 1 from sessions se where se.user_id = a.observer_id and se.last_seen_at >= ${before})`,
      );
    const counted = await base.select(sql<number | string>`count(distinct a.observer_id)`.as('n')).executeTakeFirst();
    const count = readInt(counted?.n ?? 0);
    if (count === 0 || limit <= 0) return { count, items: [] };
    const rows = await base
      .select([
        'a.observer_id',
        'u.display_name',
        sql<string>`min(s.number)`.as('number'),
        sql<string>`min(cast(a.station_id as text))`.as('station_id'),
        sql<Date | string | null>`(select max(r.updated_at) from reports r where r.observer_id = a.observer_id)`.as(
          'last_report',
        ),
        sql<Date | string | null>`(select max(se.last_seen_at) from sessions se where se.user_id = a.observer_id)`.as(
          'last_seen',
        ),
      ])
      .groupBy(['a.observer_id', 'u.display_name'])
      .orderBy(sql`min(s.number)`)
      .orderBy('a.observer_id')
      .limit(limit)
      .execute();
    const stations = new Map(
      (
        await this.db
          .selectFrom('stations')
          .select(['id', 'number', 'address'])
          .where(
            'id',
            'in',
            rows.map((r) => r.station_id),
          )
          .execute()
      ).map((s) => [s.id, s]),
    );
    return {
      count,
      items: rows.map((r) => {
        const heard = [r.last_report, r.last_seen]
          .filter((t): t is Date | string => t !== null)
          .map(readTime)
          .sort((x, y) => y.getTime() - x.getTime())[0];
        const station = stations.get(r.station_id);
        return {
          observerId: r.observer_id,
          observerName: r.display_name,
          lastHeard: heard ?? null,
          stationId: r.station_id,
          stationNumber: station?.number ?? readInt(r.number),
          stationAddress: station?.address ?? '',
        };
      }),
    };
  }
}
