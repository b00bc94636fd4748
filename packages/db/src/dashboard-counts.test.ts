import { randomUUID } from 'node:crypto';
import { assignmentShifts, coveragePhases, type FormKind, missingReportAlerts, type ReportFlag } from '@pollwatch/core';
import fc from 'fast-check';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { Store } from './store.ts';
import { createTestWorld } from './testing/test-data.ts';
import { describeEachDialect } from './testing/test-database.ts';

// The dashboard's kept counts (migration 20261207010000-dashboard-counts) equal a computation from
// scratch after any mixed sequence of writes: reports and their revisions (new reports, corrections,
// flags), assignments made, moved and removed, stations moved between areas, and the demo's kind of
// removal (revisions, reports, assignments, then stations). The alerts' kept counts (migration
// 20261208010000-alert-counts) equal what core's `missingReportAlerts` decides for every station once
// everything is due, through sessions coming and going, stations' own hours and the election's
// checkpoints changing.

const kinds: FormKind[] = ['readiness', 'opening', 'turnout', 'incident', 'protocol', 'closing'];
const shifts = ['readiness', 'voting_day', 'counting', 'opening'] as const;
/** A station's own hours and zone (null: the election's). */
const schedules = [
  { polls_open: null, polls_close: null, time_zone: null },
  { polls_open: '08:00', polls_close: '13:00', time_zone: null },
  { polls_open: null, polls_close: null, time_zone: 'Asia/Aqtobe' },
] as const;
const checkpointLists = [['10:00'], ['10:00', '12:00', '14:00'], []];
const flagCodes = ['turnout_over_100', 'protocol_conflict', 'missing_required'] as const;

type Op =
  | { op: 'report'; station: number; kind: number; observer: number; answers: number; flags: number; minute: number }
  | {
      op: 'batch';
      minute: number;
      items: { station: number; kind: number; observer: number; answers: number; flags: number }[];
    }
  | { op: 'revise'; report: number; answers: number; flags: number; minute: number }
  | { op: 'flag'; report: number; flags: number }
  | { op: 'assign'; station: number; observer: number; shift: number }
  | { op: 'move_assignment'; assignment: number; station: number; shift: number }
  | { op: 'unassign'; assignment: number }
  | { op: 'move_station'; station: number; area: number }
  | { op: 'delete_report'; report: number }
  | { op: 'delete_station'; station: number }
  | { op: 'session'; observer: number; minute: number; end: boolean }
  | { op: 'schedule'; station: number; schedule: number }
  | { op: 'checkpoints'; list: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('report' as const),
      station: fc.nat(5),
      kind: fc.nat(kinds.length - 1),
      observer: fc.nat(2),
      answers: fc.nat(7),
      flags: fc.nat(7),
      minute: fc.nat(3000),
    }),
  },
  {
    // Ingest's group commit: several reports (often the same station or observer) in one statement.
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('batch' as const),
      minute: fc.nat(3000),
      items: fc.array(
        fc.record({
          station: fc.nat(5),
          kind: fc.nat(kinds.length - 1),
          observer: fc.nat(2),
          answers: fc.nat(7),
          flags: fc.nat(7),
        }),
        { minLength: 1, maxLength: 6 },
      ),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('revise' as const),
      report: fc.nat(50),
      answers: fc.nat(7),
      flags: fc.nat(7),
      minute: fc.nat(3000),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('flag' as const), report: fc.nat(50), flags: fc.nat(7) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('assign' as const),
      station: fc.nat(5),
      observer: fc.nat(2),
      shift: fc.nat(shifts.length - 1),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('move_assignment' as const),
      assignment: fc.nat(20),
      station: fc.nat(5),
      shift: fc.nat(shifts.length - 1),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('unassign' as const), assignment: fc.nat(20) }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('move_station' as const), station: fc.nat(5), area: fc.nat(2) }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete_report' as const), report: fc.nat(50) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete_station' as const), station: fc.nat(5) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('session' as const),
      observer: fc.nat(2),
      // Up to after the corrections and flags (written at minute 3000 + their sequence number).
      minute: fc.nat(3600),
      end: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('schedule' as const),
      station: fc.nat(5),
      schedule: fc.nat(schedules.length - 1),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('checkpoints' as const), list: fc.nat(checkpointLists.length - 1) }),
  },
);

/** Readiness answers from a number: yes/no items, a choice, a number and a text (the last two kept or not). */
const answersOf = (n: number) => ({
  ramp: n % 2 === 0,
  lists_posted: n % 3 !== 0,
  cameras: ['yes', 'no', 'not_required'][n % 3],
  staff: n,
  note: n % 4 === 0 ? 'ok' : undefined,
  checkpoint_time: ['10:00', '10:30', '12:00', '13:59', null][n % 5],
  rounds: [{ a: true }],
});
/** Sorts in place by a text key, in code-point order on both databases. */
const sortBy = <T>(list: T[], key: (item: T) => string): T[] =>
  list.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
const flagsOf = (n: number): ReportFlag[] => flagCodes.filter((_, i) => (n >> i) & 1).map((code) => ({ code }));

describeEachDialect('dashboard counts kept by triggers', (db, dialect) => {
  const t0 = new Date('2026-12-06T05:00:00.000Z');
  const at = (minute: number) => new Date(t0.getTime() + minute * 60_000);

  /** Rows as plain values: times as ISO text, counts as numbers. */
  const rows = async (q: string) =>
    (await sql.raw<Record<string, unknown>>(q).execute(db().kysely)).rows.map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([key, v]) => [key, v instanceof Date ? v.toISOString() : key === 'n' ? Number(v) : v]),
      ),
    );

  /** Every kept table, sorted, as the triggers left it. */
  async function kept() {
    return {
      stationMarks: await rows(
        'select election_id, mark, station_id, n from station_marks order by election_id, mark, station_id',
      ),
      areaMarks: await rows(
        'select election_id, area_id, mark, stations as n from area_marks order by election_id, area_id, mark',
      ),
      buckets: await rows(
        'select election_id, area_id, bucket, n from report_buckets order by election_id, bucket, area_id',
      ),
      flagCodes: await rows(
        'select election_id, code, report_id from report_flag_codes order by election_id, code, report_id',
      ),
      latest: await rows(
        'select election_id, station_id, report_id from readiness_latest order by election_id, station_id',
      ),
      answers: await rows(
        'select election_id, station_id, question_id, value from readiness_answers order by election_id, station_id, question_id',
      ),
      answerCounts: await rows(
        'select election_id, area_id, question_id, value, stations as n from readiness_answer_counts order by election_id, area_id, question_id, value',
      ),
      heard: await rows(
        'select election_id, observer_id, last_report_at from observer_heard order by election_id, observer_id',
      ),
      // Sorted here as the computation below sorts (PostgreSQL's collation orders `_` and `:` otherwise).
      stationAlerts: sortBy(
        await rows('select election_id, station_id, area_id, schedule, mark from station_alerts'),
        (r) => `${r.station_id}|${r.mark}`,
      ),
      areaAlerts: sortBy(
        await rows('select election_id, mark, schedule, area_id, stations as n from area_alerts where stations <> 0'),
        (r) => `${r.election_id}|${r.mark}|${r.schedule}|${r.area_id}`,
      ),
      watch: await rows(
        'select election_id, observer_id, heard_at from observer_watch order by election_id, observer_id',
      ),
    };
  }

  /**
   * The alerts' marks as core decides them for each station once everything is due (a day after
   * voting day): the station's assignments, its reports, its turnout reports' latest checkpoint times.
   */
  async function alertsFromCore() {
    const k = db().kysely;
    const election = await k.selectFrom('elections').selectAll().executeTakeFirstOrThrow();
    const checkpoints = (
      typeof election.turnout_checkpoints === 'string'
        ? JSON.parse(election.turnout_checkpoints)
        : election.turnout_checkpoints
    ) as string[];
    const stations = await k.selectFrom('stations').selectAll().orderBy('id').execute();
    const assigned = await k.selectFrom('assignments').select(['station_id', 'shift']).execute();
    const reported = await k.selectFrom('reports').select(['station_id', 'form_kind']).execute();
    const times = await k
      .selectFrom('reports as r')
      .innerJoin('report_revisions as v', (j) =>
        j.onRef('v.report_id', '=', 'r.id').onRef('v.revision', '=', 'r.latest_revision'),
      )
      .select(['r.station_id', 'v.answers'])
      .where('r.form_kind', '=', 'turnout')
      .execute();
    const now = new Date(`${election.voting_date}T00:00:00Z`);
    now.setUTCDate(now.getUTCDate() + 2);
    const stationAlerts: Record<string, unknown>[] = [];
    for (const st of stations) {
      const answers = times
        .filter((t) => t.station_id === st.id)
        .map(
          (t) => (typeof t.answers === 'string' ? JSON.parse(t.answers) : t.answers) as { checkpoint_time?: unknown },
        )
        .map((a) => a.checkpoint_time)
        .filter((c): c is string => typeof c === 'string');
      const alerts = missingReportAlerts(
        {
          votingDate: election.voting_date,
          timeZone: st.time_zone ?? election.time_zone,
          pollsOpen: st.polls_open ?? election.polls_open,
          pollsClose: st.polls_close ?? election.polls_close,
          checkpoints,
        },
        {
          shifts: assigned.filter((a) => a.station_id === st.id).map((a) => a.shift) as never,
          opening: reported.some((r) => r.station_id === st.id && r.form_kind === 'opening'),
          turnout: answers,
          protocol: reported.some((r) => r.station_id === st.id && r.form_kind === 'protocol'),
        },
        now,
      );
      const schedule = `${st.time_zone ?? ''}|${st.polls_open ?? ''}|${st.polls_close ?? ''}`;
      const marks = alerts.map((a) =>
        a.kind === 'turnout_missing' ? `turnout:${a.checkpoint}` : a.kind.replace('_missing', ''),
      );
      // Coverage: an observer for the shift, and no report of its phases.
      for (const shift of assignmentShifts) {
        const there = reported.filter((r) => r.station_id === st.id).map((r) => r.form_kind);
        const on = assigned.some((a) => a.station_id === st.id && a.shift === shift);
        if (on && !coveragePhases[shift].some((k) => there.includes(k))) marks.push(`quiet:${shift}`);
      }
      for (const mark of marks) {
        stationAlerts.push({ election_id: st.election_id, station_id: st.id, area_id: st.area_id, schedule, mark });
      }
    }
    sortBy(stationAlerts, (r) => `${r.station_id}|${r.mark}`);
    const areaCounts = new Map<string, Record<string, unknown>>();
    for (const a of stationAlerts) {
      const key = `${a.election_id}|${a.mark}|${a.schedule}|${a.area_id}`;
      const row = areaCounts.get(key) ?? {
        election_id: a.election_id,
        mark: a.mark,
        schedule: a.schedule,
        area_id: a.area_id,
        n: 0,
      };
      row.n = (row.n as number) + 1;
      areaCounts.set(key, row);
    }
    const areaAlerts = [...areaCounts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
    return { stationAlerts, areaAlerts };
  }

  /** The same, computed from the stored stations, reports, revisions and assignments. */
  async function scratch() {
    const pg = dialect === 'postgres';
    const bucket = pg
      ? `date_bin('15 minutes', r.created_at, timestamptz '2000-01-01 00:00:00+00')`
      : `(substr(r.created_at, 1, 14) || printf('%02d', (cast(substr(r.created_at, 15, 2) as integer) / 15) * 15) || ':00.000Z')`;
    const marks = `select election_id, 'station' as mark, id as station_id, 1 as n from stations
      union all select election_id, 'r:' || form_kind, station_id, count(*) from reports group by election_id, form_kind, station_id
      union all select election_id, 'a:' || shift, station_id, count(*) from assignments group by election_id, shift, station_id`;
    const latest = `select r.election_id, r.station_id, r.id as report_id, r.latest_revision from reports r
      where r.form_kind = 'readiness' and not exists (select 1 from reports r2 where r2.election_id = r.election_id
        and r2.form_kind = 'readiness' and r2.station_id = r.station_id
        and (r2.updated_at > r.updated_at or (r2.updated_at = r.updated_at and r2.id > r.id)))`;
    const answers = pg
      ? `select l.election_id, l.station_id, a.key as question_id, a.value #>> '{}' as value from (${latest}) l
          join report_revisions v on v.report_id = l.report_id and v.revision = l.latest_revision
          cross join lateral jsonb_each(v.answers) a where jsonb_typeof(a.value) in ('boolean', 'string')`
      : `select l.election_id, l.station_id, a.key as question_id,
          case a.type when 'true' then 'true' when 'false' then 'false' else a.value end as value from (${latest}) l
          join report_revisions v on v.report_id = l.report_id and v.revision = l.latest_revision
          join json_each(v.answers) a where a.type in ('true', 'false', 'text')`;
    const flags = pg
      ? `select distinct r.election_id, f ->> 'code' as code, r.id as report_id from reports r cross join jsonb_array_elements(r.flags) f`
      : `select distinct r.election_id, json_extract(f.value, '$.code') as code, r.id as report_id from reports r, json_each(r.flags) f`;
    return {
      stationMarks: await rows(`select * from (${marks}) m order by election_id, mark, station_id`),
      areaMarks: await rows(`select m.election_id, st.area_id, m.mark, count(*) as n from (${marks}) m
          join stations st on st.id = m.station_id group by m.election_id, st.area_id, m.mark
          order by m.election_id, st.area_id, m.mark`),
      buckets: await rows(`select r.election_id, st.area_id, ${bucket} as bucket, count(*) as n from reports r
          join stations st on st.id = r.station_id group by r.election_id, st.area_id, ${bucket}
          order by r.election_id, ${bucket}, st.area_id`),
      flagCodes: await rows(`select * from (${flags}) f order by election_id, code, report_id`),
      latest: await rows(
        `select election_id, station_id, report_id from (${latest}) l order by election_id, station_id`,
      ),
      answers: await rows(`select * from (${answers}) a order by election_id, station_id, question_id`),
      answerCounts: await rows(`select a.election_id, st.area_id, a.question_id, a.value, count(*) as n
          from (${answers}) a join stations st on st.id = a.station_id
          group by a.election_id, st.area_id, a.question_id, a.value order by a.election_id, st.area_id, a.question_id, a.value`),
      heard: await rows(`select election_id, observer_id, max(updated_at) as last_report_at from reports
          group by election_id, observer_id order by election_id, observer_id`),
      ...(await alertsFromCore()),
      watch: (
        await rows(`select w.election_id, w.observer_id,
            (select max(r.updated_at) from reports r where r.election_id = w.election_id and r.observer_id = w.observer_id) as report_at,
            (select max(se.last_seen_at) from sessions se where se.user_id = w.observer_id) as seen_at
          from (select distinct election_id, observer_id from assignments where shift in ('opening', 'voting_day')) w
          order by w.election_id, w.observer_id`)
      ).map(({ report_at, seen_at, ...w }) => {
        const times = [report_at, seen_at].filter((x): x is string => typeof x === 'string').sort();
        return { ...w, heard_at: times.at(-1) ?? null };
      }),
    };
  }

  async function world() {
    const store = Store.over(db());
    // Three regions under one country, two stations in each.
    const w = await createTestWorld(store, t0, {
      election: { turnoutCheckpoints: ['10:00'] },
      regions: 3,
      stations: 6,
      observers: 3,
      formKinds: kinds,
    });
    // A station deleted by the sequence is null.
    const stations: (string | null)[] = w.stations;
    return { store, ...w, stations };
  }

  it('equal a computation from scratch after any mixed sequence of writes', async () => {
    const w = await world();
    const initial = await scratch();
    expect(await kept()).toEqual(initial);
    let seq = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
        const reports = async () =>
          (
            await db()
              .kysely.selectFrom('reports')
              .select(['id', 'latest_revision', 'station_id'])
              .where('election_id', '=', w.election)
              .orderBy('id')
              .execute()
          ).map((r) => ({ id: r.id, revision: Number(r.latest_revision), stationId: r.station_id }));
        const assignments = async () =>
          (
            await db()
              .kysely.selectFrom('assignments')
              .select(['id'])
              .where('election_id', '=', w.election)
              .orderBy('id')
              .execute()
          ).map((r) => r.id);
        for (const op of ops) {
          const k = db().kysely;
          if (op.op === 'report') {
            const stationId = w.stations[op.station];
            if (!stationId) continue;
            const kind = kinds[op.kind] as FormKind;
            const id = randomUUID();
            const flags = flagsOf(op.flags);
            await w.store.reports.insertReport(
              {
                id,
                electionId: w.election,
                stationId,
                formId: w.forms.get(kind) as string,
                formKind: kind,
                observerId: w.observers[op.observer] as string,
                channel: 'web',
                latestRevision: 1,
                flags,
              },
              at(op.minute),
            );
            seq += 1;
            await w.store.reports.insertRevision({
              reportId: id,
              revision: 1,
              formVersion: 1,
              answersJson: JSON.stringify(answersOf(op.answers)),
              photos: [],
              flags,
              clientTime: null,
              receivedAt: at(op.minute),
              chainSeq: seq,
              chainHash: 'x',
            });
          } else if (op.op === 'batch') {
            // The first report twice: the same station and kind twice in one statement.
            const items = [
              ...op.items,
              { ...(op.items[0] as (typeof op.items)[number]), observer: op.minute % 3 },
            ].flatMap((item) => {
              const stationId = w.stations[item.station];
              if (!stationId) return [];
              const kind = kinds[item.kind] as FormKind;
              return [{ ...item, id: randomUUID(), stationId, kind, flags: flagsOf(item.flags) }];
            });
            if (!items.length) continue;
            await w.store.reports.insertReports(
              items.map((item) => ({
                id: item.id,
                electionId: w.election,
                stationId: item.stationId,
                formId: w.forms.get(item.kind) as string,
                formKind: item.kind,
                observerId: w.observers[item.observer] as string,
                channel: 'app',
                latestRevision: 1,
                flags: item.flags,
                createdAt: at(op.minute),
              })),
            );
            await w.store.reports.insertRevisions(
              items.map((item) => {
                seq += 1;
                return {
                  reportId: item.id,
                  revision: 1,
                  formVersion: 1,
                  answersJson: JSON.stringify(answersOf(item.answers)),
                  photos: [],
                  flags: item.flags,
                  clientTime: null,
                  receivedAt: at(op.minute),
                  chainSeq: seq,
                  chainHash: 'x',
                };
              }),
            );
          } else if (op.op === 'revise' || op.op === 'flag' || op.op === 'delete_report') {
            const all = await reports();
            const r = all[op.report % Math.max(1, all.length)];
            if (!r) continue;
            if (op.op === 'delete_report') {
              await k.deleteFrom('report_verifications').where('report_id', '=', r.id).execute();
              await k.deleteFrom('report_revisions').where('report_id', '=', r.id).execute();
              await k.deleteFrom('reports').where('id', '=', r.id).execute();
            } else if (op.op === 'flag') {
              await w.store.reports.addFlag(r.id, flagsOf(op.flags), at(3000 + seq));
            } else {
              // A correction: the revision first, then the report's latest (as ingest writes them).
              seq += 1;
              await w.store.reports.insertRevision({
                reportId: r.id,
                revision: r.revision + 1,
                formVersion: 1,
                answersJson: JSON.stringify(answersOf(op.answers)),
                photos: [],
                flags: flagsOf(op.flags),
                clientTime: null,
                receivedAt: at(op.minute),
                chainSeq: seq,
                chainHash: 'x',
              });
              await w.store.reports.updateLatest(r.id, r.revision + 1, flagsOf(op.flags), at(3000 + seq));
            }
          } else if (op.op === 'assign') {
            const stationId = w.stations[op.station];
            if (!stationId) continue;
            await k
              .insertInto('assignments')
              .values({
                id: randomUUID(),
                election_id: w.election,
                observer_id: w.observers[op.observer] as string,
                station_id: stationId,
                shift: shifts[op.shift] as string,
                created_by: null,
                created_at: dialect === 'postgres' ? t0 : t0.toISOString(),
              } as never)
              .onConflict((oc) => oc.doNothing())
              .execute();
          } else if (op.op === 'move_assignment' || op.op === 'unassign') {
            const all = await assignments();
            const id = all[op.assignment % Math.max(1, all.length)];
            if (!id) continue;
            if (op.op === 'unassign') await k.deleteFrom('assignments').where('id', '=', id).execute();
            else {
              const stationId = w.stations[op.station];
              if (!stationId) continue;
              try {
                await k
                  .updateTable('assignments')
                  .set({ station_id: stationId, shift: shifts[op.shift] as string })
                  .where('id', '=', id)
                  .execute();
              } catch {
                // The same observer, station and shift already assigned: nothing changed.
              }
            }
          } else if (op.op === 'move_station') {
            const stationId = w.stations[op.station];
            if (!stationId) continue;
            await k
              .updateTable('stations')
              .set({ area_id: w.areas[op.area] as string })
              .where('id', '=', stationId)
              .execute();
          } else if (op.op === 'delete_station') {
            const stationId = w.stations[op.station];
            if (!stationId) continue;
            // The demo's removal order: the queue, revisions, reports, assignments, then the station.
            const ids = (await reports()).filter((r) => r.stationId === stationId).map((r) => r.id);
            if (ids.length > 0) {
              await k.deleteFrom('report_verifications').where('report_id', 'in', ids).execute();
              await k.deleteFrom('report_revisions').where('report_id', 'in', ids).execute();
              await k.deleteFrom('reports').where('id', 'in', ids).execute();
            }
            await k.deleteFrom('assignments').where('station_id', '=', stationId).execute();
            await k.deleteFrom('stations').where('id', '=', stationId).execute();
            w.stations[op.station] = null;
          } else if (op.op === 'session') {
            const userId = w.observers[op.observer] as string;
            const tokenHash = `token-${op.observer}`;
            const time = (m: number) => (dialect === 'postgres' ? at(m) : at(m).toISOString());
            if (op.end) await k.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
            else {
              await k
                .insertInto('sessions')
                .values({
                  token_hash: tokenHash,
                  user_id: userId,
                  created_at: time(0),
                  last_seen_at: time(op.minute),
                  expires_at: time(99_999),
                } as never)
                .onConflict((oc) => oc.column('token_hash').doUpdateSet({ last_seen_at: time(op.minute) } as never))
                .execute();
            }
          } else if (op.op === 'schedule') {
            const stationId = w.stations[op.station];
            if (!stationId) continue;
            await k
              .updateTable('stations')
              .set(schedules[op.schedule] as never)
              .where('id', '=', stationId)
              .execute();
          } else if (op.op === 'checkpoints') {
            const list = JSON.stringify(checkpointLists[op.list]);
            await k
              .updateTable('elections')
              .set({ turnout_checkpoints: dialect === 'postgres' ? sql`${list}::jsonb` : list } as never)
              .where('id', '=', w.election)
              .execute();
          }
        }
        expect(await kept()).toEqual(await scratch());
      }),
      { numRuns: 20 },
    );
  }, 120_000);

  it('keep the turnout alerts when a group brings a checkpoint twice, and when a station already had it', async () => {
    // Two observers at one station send the 10:00 turnout in the same group (one statement on
    // PostgreSQL): each row alone could think the other already covered the checkpoint. Then a
    // third report with the same time at a station that already had it: nothing to refresh.
    const w = await world();
    const k = db().kysely;
    const [first, second] = w.stations as string[];
    for (const [i, stationId] of [first, second].entries()) {
      await k
        .insertInto('assignments')
        .values({
          id: randomUUID(),
          election_id: w.election,
          observer_id: w.observers[i] as string,
          station_id: stationId,
          shift: 'voting_day',
          created_by: null,
          created_at: dialect === 'postgres' ? t0 : t0.toISOString(),
        } as never)
        .execute();
    }
    expect((await kept()).stationAlerts.filter((a) => a.mark === 'turnout:10:00')).toHaveLength(2);
    let seq = 0;
    const send = async (stationId: string, observers: number[]) => {
      const items = observers.map((o) => ({ id: randomUUID(), observerId: w.observers[o] as string }));
      await w.store.reports.insertReports(
        items.map((item) => ({
          id: item.id,
          electionId: w.election,
          stationId,
          formId: w.forms.get('turnout') as string,
          formKind: 'turnout' as const,
          observerId: item.observerId,
          channel: 'app',
          latestRevision: 1,
          flags: [],
          createdAt: at(300),
        })),
      );
      await w.store.reports.insertRevisions(
        items.map((item) => {
          seq += 1;
          return {
            reportId: item.id,
            revision: 1,
            formVersion: 1,
            answersJson: JSON.stringify({ checkpoint_time: '10:00' }),
            photos: [],
            flags: [],
            clientTime: null,
            receivedAt: at(300),
            chainSeq: seq,
            chainHash: 'x',
          };
        }),
      );
    };
    await send(first as string, [0, 1]);
    expect(await kept()).toEqual(await scratch());
    expect((await kept()).stationAlerts.filter((a) => a.mark === 'turnout:10:00')).toEqual([
      expect.objectContaining({ station_id: second }),
    ]);
    await send(first as string, [2]);
    await send(second as string, [1]);
    expect(await kept()).toEqual(await scratch());
    expect((await kept()).stationAlerts.filter((a) => a.mark === 'turnout:10:00')).toEqual([]);
  });

  it("keep an observer's later request as last heard from when an earlier report arrives after it", async () => {
    // A later report moves observer_watch forward only past what it already holds.
    const w = await world();
    const k = db().kysely;
    const observerId = w.observers[0] as string;
    const stationId = w.stations[0] as string;
    await k
      .insertInto('assignments')
      .values({
        id: randomUUID(),
        election_id: w.election,
        observer_id: observerId,
        station_id: stationId,
        shift: 'voting_day',
        created_by: null,
        created_at: dialect === 'postgres' ? t0 : t0.toISOString(),
      } as never)
      .execute();
    const time = (m: number) => (dialect === 'postgres' ? at(m) : at(m).toISOString());
    await k
      .insertInto('sessions')
      .values({
        token_hash: 'token-late',
        user_id: observerId,
        created_at: time(0),
        last_seen_at: time(500),
        expires_at: time(99_999),
      } as never)
      .execute();
    for (const minute of [100, 200, 600]) {
      await w.store.reports.insertReports([
        {
          id: randomUUID(),
          electionId: w.election,
          stationId,
          formId: w.forms.get('opening') as string,
          formKind: 'opening',
          observerId,
          channel: 'app',
          latestRevision: 1,
          flags: [],
          createdAt: at(minute),
        },
      ]);
      const [watch] = await rows(`select heard_at from observer_watch where observer_id = '${observerId}'`);
      expect(watch?.heard_at).toBe(at(Math.max(minute, 500)).toISOString());
    }
    expect(await kept()).toEqual(await scratch());
  });
});
