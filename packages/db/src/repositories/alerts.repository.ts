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

  /**
   * Stations of the groups (all stations: `'all'`) in the scope: nothing to filter when the actor
   * sees everything and every schedule is concerned, which spares a join per row.
   */
  private stationFilter(groups: readonly ScheduleGroup[] | 'all', scope: AreaScope): Expression<SqlBool> | null {
    const conditions: Expression<SqlBool>[] = [];
    if (scope.kind !== 'all') conditions.push(areaInScope('s.area_id', scope));
    if (groups !== 'all') {
      const eq = (column: string, value: string | null) =>
        value === null ? sql`${sql.ref(column)} is null` : sql`${sql.ref(column)} = ${value}`;
      conditions.push(
        sql<SqlBool>`(${sql.join(
          groups.map(
            (g) =>
              sql`(${eq('s.time_zone', g.timeZone)} and ${eq('s.polls_open', g.pollsOpen)} and ${eq('s.polls_close', g.pollsClose)})`,
          ),
          sql` or `,
        )})`,
      );
    }
    return conditions.length === 0 ? null : sql<SqlBool>`(${sql.join(conditions, sql` and `)})`;
  }

  /**
   * Stations of the groups with an observer in one of `shifts` and no report of `formKind` (for
   * turnout: none for the checkpoint, i.e. with a checkpoint time from `from` up to `until`).
   * Driven by the assignments index; the stations that did report are one indexed set, looked up
   * per assignment as a hash (`not in`), never a JSON answer parsed per request.
   */
  async missingReports(
    electionId: string,
    scope: AreaScope,
    query: {
      groups: readonly ScheduleGroup[] | 'all';
      shifts: readonly string[];
      formKind: 'opening' | 'turnout' | 'protocol';
      checkpoint?: { from: string; until: string | null };
    },
    limit: number,
  ): Promise<Counted<AlertStation>> {
    if (query.groups.length === 0 || query.shifts.length === 0) return { count: 0, items: [] };
    const mark = keptMark(query);
    if (mark) return this.keptMissing(electionId, scope, query.groups, mark, limit);
    return this.missingFromScratch(electionId, scope, query, limit);
  }

  /**
   * The same from the stations and the counts of the reports themselves (any shifts, checkpoint
   * bounds): what the kept counts are checked against.
   */
  async missingFromScratch(
    electionId: string,
    scope: AreaScope,
    query: {
      groups: readonly ScheduleGroup[] | 'all';
      shifts: readonly string[];
      formKind: 'opening' | 'turnout' | 'protocol';
      checkpoint?: { from: string; until: string | null };
    },
    limit: number,
  ): Promise<Counted<AlertStation>> {
    if (query.groups.length === 0 || query.shifts.length === 0) return { count: 0, items: [] };
    const checkpoint = query.checkpoint;
    const reported = checkpoint
      ? sql`(select c.station_id from alert_turnout_checkpoints c where c.election_id = ${electionId}
          and c.checkpoint >= ${checkpoint.from}${checkpoint.until === null ? sql`` : sql` and c.checkpoint < ${checkpoint.until}`})`
      : sql`(select m.station_id from station_marks m where m.election_id = ${electionId} and m.mark = ${`r:${query.formKind}`})`;
    const filter = this.stationFilter(query.groups, scope);
    // The stations with an observer for one of the shifts: the kept marks, one row per station and shift.
    const marks = query.shifts.map((shift) => `a:${shift}`);
    let base = this.db
      .selectFrom('station_marks as a')
      .where('a.election_id', '=', electionId)
      .where('a.mark', 'in', marks)
      .where(sql<SqlBool>`a.station_id not in ${reported}`);
    const counted = filter
      ? await base
          .innerJoin('stations as s', 's.id', 'a.station_id')
          .where(filter)
          .select(sql<number | string>`count(distinct a.station_id)`.as('n'))
          .executeTakeFirst()
      : await base
          .select(
            marks.length === 1
              ? sql<number | string>`count(*)`.as('n')
              : sql<number | string>`count(distinct a.station_id)`.as('n'),
          )
          .executeTakeFirst();
    const count = readInt(counted?.n ?? 0);
    if (count === 0 || limit <= 0) return { count, items: [] };
    base = base.where(sql<SqlBool>`a.station_id = s.id`);
    const rows = await this.db
      .selectFrom('stations as s')
      .select(['s.id', 's.number', 's.address'])
      .where('s.election_id', '=', electionId)
      .where(filter ?? sql<SqlBool>`1 = 1`)
      .where(({ exists }) => exists(base.select(sql`1`.as('one'))))
      .orderBy('s.region_id')
      .orderBy('s.number')
      .limit(limit)
      .execute();
    return { count, items: rows.map((r) => ({ stationId: r.id, stationNumber: r.number, stationAddress: r.address })) };
  }

  /**
   * Every kept missing-report count of the election in the scope at once, by `mark|schedule` (see
   * `scheduleKey`): one grouped read of the per-area rows, for a count-only answer (the overview).
   * Null when the shifts asked for are not the ones the counts are kept for.
   */
  async keptMissingCounts(
    electionId: string,
    scope: AreaScope,
    shifts: { opening: readonly string[]; turnout: readonly string[]; protocol: readonly string[] },
  ): Promise<Map<string, number> | null> {
    if (!(Object.keys(KEPT_SHIFTS) as (keyof typeof KEPT_SHIFTS)[]).every((k) => sameSet(shifts[k], KEPT_SHIFTS[k]))) {
      return null;
    }
    const rows = await this.db
      .selectFrom('area_alerts as aa')
      .select((eb) => ['aa.mark', 'aa.schedule', eb.fn.sum<number | string | null>('aa.stations').as('n')])
      .where('aa.election_id', '=', electionId)
      .where(areaInScope('aa.area_id', scope))
      .groupBy(['aa.mark', 'aa.schedule'])
      .execute();
    return new Map(rows.map((r) => [`${r.mark}|${r.schedule}`, readInt(r.n ?? 0)]));
  }

  /**
   * Stations with the kept mark (migration 20261208010000: the report is expected and missing) in
   * the groups and the scope: the count adds the per-area rows, the list reads the marked stations.
   */
  private async keptMissing(
    electionId: string,
    scope: AreaScope,
    groups: readonly ScheduleGroup[] | 'all',
    mark: string,
    limit: number,
  ): Promise<Counted<AlertStation>> {
    const schedules = groups === 'all' ? null : groups.map(scheduleKey);
    const counted = await this.db
      .selectFrom('area_alerts as aa')
      .select((eb) => eb.fn.sum<number | string | null>('aa.stations').as('n'))
      .where('aa.election_id', '=', electionId)
      .where('aa.mark', '=', mark)
      .$if(schedules !== null, (q) => q.where('aa.schedule', 'in', schedules ?? []))
      .where(areaInScope('aa.area_id', scope))
      .executeTakeFirst();
    const count = readInt(counted?.n ?? 0);
    if (count === 0 || limit <= 0) return { count, items: [] };
    const rows = await this.db
      .selectFrom('station_alerts as x')
      .innerJoin('stations as s', 's.id', 'x.station_id')
      .select(['s.id', 's.number', 's.address'])
      .where('x.election_id', '=', electionId)
      .where('x.mark', '=', mark)
      .$if(schedules !== null, (q) => q.where('x.schedule', 'in', schedules ?? []))
      .where(areaInScope('x.area_id', scope))
      .orderBy('s.region_id')
      .orderBy('s.number')
      .limit(limit)
      .execute();
    return { count, items: rows.map((r) => ({ stationId: r.id, stationNumber: r.number, stationAddress: r.address })) };
  }

  /**
   * One alert kind's list from the kept marks (migration 20261208010000): the first `limit`
   * (station, mark) pairs by region and station number whose station has one of the marks asked
   * for its schedule (`schedule: null`: any schedule), in the scope. One read per kind instead of
   * one per mark and schedule: the election's stations are walked in (region, number) order and
   * each probed for its marks by key, so the read stops after about `limit` stations instead of
   * joining and sorting every marked station (thousands per turnout checkpoint).
   */
  async keptMissingStations(
    electionId: string,
    scope: AreaScope,
    wanted: readonly { schedule: string | null; marks: readonly string[] }[],
    /** How many (station, mark) pairs the kept counts say there are in the scope: picks the plan. */
    marked: number,
    limit: number,
  ): Promise<(AlertStation & { mark: string; schedule: string })[]> {
    const asked = wanted.filter((w) => w.marks.length > 0);
    if (asked.length === 0 || limit <= 0) return [];
    // Every mark asked for as one `in` (an index range per mark, by either key), then which
    // schedule asked for which: an `or` alone is read as a scan of the election's marks.
    const marks = [...new Set(asked.flatMap((w) => w.marks))];
    const perSchedule = asked.some((w) => w.schedule !== null)
      ? sql` and (${sql.join(
          asked.map((w) =>
            w.schedule === null
              ? sql`x.mark in (${sql.join(w.marks)})`
              : sql`(x.schedule = ${w.schedule} and x.mark in (${sql.join(w.marks)}))`,
          ),
          sql` or `,
        )})`
      : sql``;
    const condition = sql`x.mark in (${sql.join(marks)})${perSchedule}`;
    // Three ways to the same page, chosen by how many stations are marked (`marked`, the kept count
    // in the scope); `cross join` fixes the order of the tables on SQLite (PostgreSQL plans its own).
    // - All stations, many marked: the stations in (election, region, number) index order, each
    //   probed by the key (station, mark), stopping at the page: ~limit × stations / marked visits,
    //   no sort. (No condition on the marks' election: it would pick the (election, mark…) index.)
    // - All stations, few marked: the marks by their (election, mark, schedule) index, one range
    //   per mark and schedule, their stations by key, sorted: a walk would visit most stations to
    //   find a few.
    // - An area's: its stations by the area index, probed, sorted (a few hundred); `|| ''` keeps
    //   SQLite from walking every station in order to find them (a uuid's text sorts as its bytes).
    type Row = { id: string; number: number | string; address: string; mark: string; schedule: string };
    const columns = sql`s.id, s.number, s.address, x.mark, x.schedule`;
    const rows =
      scope.kind === 'all' && marked < WALK_FROM
        ? await sql<Row>`select ${columns} from (${sql.join(
            asked.flatMap((w) =>
              w.marks.map(
                (mark) => sql`select m.station_id, m.mark, m.schedule from station_alerts m
                  where m.election_id = ${electionId} and m.mark = ${mark}${w.schedule === null ? sql`` : sql` and m.schedule = ${w.schedule}`}`,
              ),
            ),
            sql` union all `,
          )}) x cross join stations s
            where s.id = x.station_id
            order by s.region_id, s.number, x.mark limit ${limit}`.execute(this.db)
        : await sql<Row>`select ${columns} from stations s cross join station_alerts x
            where s.election_id = ${electionId} and ${areaInScope('s.area_id', scope)}
              and x.station_id = s.id and (${condition})
            order by ${scope.kind === 'area' ? sql`s.region_id || ''` : sql`s.region_id`}, s.number, x.mark
            limit ${limit}`.execute(this.db);
    return rows.rows.map((r) => ({
      stationId: r.id,
      stationNumber: Number(r.number),
      stationAddress: r.address,
      mark: r.mark,
      schedule: r.schedule,
    }));
  }

  /** Incidents the observer marked `severity` that the verification queue has not verified or rejected yet. */
  async openIncidents(
    electionId: string,
    scope: AreaScope,
    severity: string,
    limit: number,
  ): Promise<Counted<AlertStation & { reportId: string; at: Date }>> {
    // The incidents' own index (migration 20261211100000): by severity and state, newest change first.
    const incidents = this.db
      .selectFrom('report_verifications as v')
      .where('v.election_id', '=', electionId)
      // Written out, not a parameter: a partial index is used only for a condition it can see.
      .where(sql<SqlBool>`v.form_kind = 'incident'`)
      .where('v.incident_severity', '=', severity)
      .where('v.status', 'in', ['pending', 'follow_up']);
    const base = incidents.innerJoin('stations as s', 's.id', 'v.station_id').where(areaInScope('s.area_id', scope));
    // All stations: counted from the index alone, no station read per incident.
    const counted = await (scope.kind === 'all' ? incidents : base)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirst();
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
    query: { groups: readonly ScheduleGroup[] | 'all'; shifts: readonly string[]; before: Date },
    limit: number,
  ): Promise<Counted<AlertStation & { observerId: string; observerName: string; lastHeard: Date | null }>> {
    if (query.groups.length === 0 || query.shifts.length === 0) return { count: 0, items: [] };
    const before = timeValue(this.dialect, query.before);
    const filter = this.stationFilter(query.groups, scope);
    const watched = sameSet(query.shifts, WATCHED_SHIFTS);
    // Two index ranges (never heard from; heard from before the cutoff), as `or` reads them as one scan.
    const silentWatch = sql`(select w.observer_id from observer_watch w where w.election_id = ${electionId} and w.heard_at < ${before}
      union all select w.observer_id from observer_watch w where w.election_id = ${electionId} and w.heard_at is null)`;
    // Who was not heard from since: the kept watch (migration 20261208010000) holds, per assigned
    // observer, the later of their latest report and request, so the silent ones are one indexed
    // range; without it (other shifts) this election's reports by time and sessions by last
    // activity, each one indexed range looked up per assignment as a hash (`not in`).
    const base = this.db
      .selectFrom('assignments as a')
      .where('a.election_id', '=', electionId)
      .where('a.shift', 'in', [...query.shifts])
      // Per row by the key: the disabled are few, but finding them would read every user.
      .where(sql<SqlBool>`not exists (select 1 from users du where du.id = a.observer_id and du.status <> 'active')`)
      .$if(watched, (q) => q.where(sql<SqlBool>`a.observer_id in ${silentWatch}`))
      .$if(!watched, (q) =>
        q
          .where(
            sql<SqlBool>`a.observer_id not in (select h.observer_id from observer_heard h where h.election_id = ${electionId} and h.last_report_at >= ${before})`,
          )
          .where(
            sql<SqlBool>`a.observer_id not in (select se.user_id from sessions se where se.last_seen_at >= ${before})`,
          ),
      );
    const scoped = filter ? base.innerJoin('stations as s', 's.id', 'a.station_id').where(filter) : base;
    const counted =
      watched && !filter
        ? (
            await sql<{ n: number | string }>`select count(*) as n from ${silentWatch} as silent
              where not exists (select 1 from users du where du.id = silent.observer_id and du.status <> 'active')`.execute(
              this.db,
            )
          ).rows[0]
        : await scoped.select(sql<number | string>`count(distinct a.observer_id)`.as('n')).executeTakeFirst();
    const count = readInt(counted?.n ?? 0);
    if (count === 0 || limit <= 0) return { count, items: [] };
    const rows = await base
      .innerJoin('users as u', 'u.id', 'a.observer_id')
      .innerJoin('stations as s', 's.id', 'a.station_id')
      .where(filter ?? sql<SqlBool>`1 = 1`)
      .select(['a.observer_id', 'u.display_name', sql<string>`min(cast(a.station_id as text))`.as('station_id')])
      .groupBy(['a.observer_id', 'u.display_name'])
      .orderBy(sql`min(s.number)`)
      .orderBy('a.observer_id')
      .limit(limit)
      .execute();
    // When each listed observer was last heard from: their latest report (any election) and session.
    const ids = rows.map((r) => r.observer_id);
    const heardRows =
      ids.length === 0
        ? []
        : await this.db
            .selectFrom('users as u')
            .select([
              'u.id',
              sql<Date | string | null>`(select max(r.updated_at) from reports r where r.observer_id = u.id)`.as(
                'last_report',
              ),
              sql<Date | string | null>`(select max(se.last_seen_at) from sessions se where se.user_id = u.id)`.as(
                'last_seen',
              ),
            ])
            .where('u.id', 'in', ids)
            .execute();
    const heardOf = new Map(heardRows.map((h) => [h.id, h]));
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
        const h = heardOf.get(r.observer_id);
        const heard = [h?.last_report ?? null, h?.last_seen ?? null]
          .filter((t): t is Date | string => t !== null)
          .map(readTime)
          .sort((x, y) => y.getTime() - x.getTime())[0];
        const station = stations.get(r.station_id);
        return {
          observerId: r.observer_id,
          observerName: r.display_name,
          lastHeard: heard ?? null,
          stationId: r.station_id,
          stationNumber: station?.number ?? 0,
          stationAddress: station?.address ?? '',
        };
      }),
    };
  }
}

/** From this many marked stations, a page of them is found faster by walking the stations in order. */
const WALK_FROM = 1000;
/** The shifts whose observers the kept watch follows (core's `expectedShifts.silent`). */
const WATCHED_SHIFTS = ['opening', 'voting_day'];
/** The kept missing-report marks and the shifts each expects (core's `expectedShifts`). */
const KEPT_SHIFTS: Record<'opening' | 'turnout' | 'protocol', readonly string[]> = {
  opening: ['opening', 'voting_day'],
  turnout: ['voting_day'],
  protocol: ['voting_day', 'counting'],
};

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x)) && b.every((x) => a.includes(x));

/** The kept mark that answers a missing-report query, if one does. */
function keptMark(query: {
  shifts: readonly string[];
  formKind: 'opening' | 'turnout' | 'protocol';
  checkpoint?: { from: string; until: string | null };
}): string | null {
  if (!sameSet(query.shifts, KEPT_SHIFTS[query.formKind])) return null;
  if (query.formKind === 'turnout') return query.checkpoint ? `turnout:${query.checkpoint.from}` : null;
  return query.checkpoint ? null : query.formKind;
}

/** A schedule group as the kept tables name it: `time zone|polls open|polls close`, empty parts for the election's. */
export function scheduleKey(group: ScheduleGroup): string {
  return `${group.timeZone ?? ''}|${group.pollsOpen ?? ''}|${group.pollsClose ?? ''}`;
}
