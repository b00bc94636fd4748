import { randomUUID } from 'node:crypto';
import type { FormKind, ReportFlag } from '@pollwatch/core';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { Store } from './store.ts';
import { createTestWorld } from './testing/test-data.ts';
import { describeEachDialect } from './testing/test-database.ts';

// What the report writer's statements leave through the triggers that migration 20261212200000-
// ingest-triggers-per-statement made set-based on PostgreSQL: the verification queue's rows (which
// reports are queued, since when, an incident's severity, a correction reopening a decided one),
// the turnout checkpoints the alerts read, and "last heard from" — equal to a recount from the
// reports and revisions after groups written many per statement (as ingest writes them) and one
// by one (corrections), on both dialects; and the checks notice when those triggers are gone.
// dashboard-counts.test.ts compares the rest of the kept counts (readiness, alerts, marks).

const kinds: FormKind[] = ['voting', 'incident', 'turnout', 'readiness', 'opening', 'closing', 'protocol'];

describeEachDialect('ingest triggers, kept per statement', (db, dialect) => {
  const t0 = new Date('2026-12-06T05:00:00.000Z');
  const at = (minute: number) => new Date(t0.getTime() + minute * 60_000);
  const time = (v: unknown) => (v instanceof Date ? v.toISOString() : v === null ? null : String(v));

  async function world() {
    const store = Store.over(db());
    // Observer i assigned to station i for voting day: each has a "last heard from" row.
    const w = await createTestWorld(store, t0, {
      election: { turnoutCheckpoints: ['10:00'] },
      stations: 3,
      observers: 3,
      formKinds: kinds,
      assign: 'voting_day',
    });
    return { store, ...w };
  }

  const answersOf = (n: number) => ({
    severity: ['low', 'medium', 'high'][n % 3],
    checkpoint_time: ['10:00', '12:00', null][n % 3],
    note: `n${n}`,
  });

  /** Groups of reports as ingest writes them (one statement for the reports, one for the revisions), then corrections. */
  async function scenario(w: Awaited<ReturnType<typeof world>>) {
    let seq = 0;
    const written: { id: string; revision: number }[] = [];
    for (let g = 0; g < 4; g++) {
      const items = Array.from({ length: 7 }, (_, i) => {
        const n = g * 7 + i;
        const flags: ReportFlag[] = n % 4 === 0 ? [{ code: 'missing_required', ref: 'note' }] : [];
        return {
          id: randomUUID(),
          kind: kinds[n % kinds.length] as FormKind,
          station: w.stations[n % 3] as string,
          observer: w.observers[(n + g) % 3] as string,
          flags,
          n,
        };
      });
      await w.store.reports.insertReports(
        items.map((item) => ({
          id: item.id,
          electionId: w.election,
          stationId: item.station,
          formId: w.forms.get(item.kind) as string,
          formKind: item.kind,
          observerId: item.observer,
          channel: 'app',
          latestRevision: 1,
          flags: item.flags,
          createdAt: at(10 * g + (item.n % 5)),
        })),
      );
      await w.store.reports.insertRevisions(
        items.map((item) => {
          seq += 1;
          return {
            reportId: item.id,
            revision: 1,
            formVersion: 1,
            answersJson: JSON.stringify(answersOf(item.n)),
            photos: [],
            flags: item.flags,
            clientTime: null,
            receivedAt: at(10 * g + (item.n % 5)),
            chainSeq: seq,
            chainHash: 'x',
          };
        }),
      );
      written.push(...items.map((item) => ({ id: item.id, revision: 1 })));
    }
    // Decisions on part of the queue, then corrections of every other report: a decided
    // incident or flagged report goes back to pending, a new severity or checkpoint replaces the old.
    const decided = (
      await db()
        .kysely.selectFrom('report_verifications')
        .select('report_id')
        .where(
          'report_id',
          'in',
          written.slice(0, 12).map((r) => r.id),
        )
        .execute()
    ).map((r) => r.report_id);
    if (decided.length > 0) {
      await db()
        .kysely.updateTable('report_verifications')
        .set({ status: 'follow_up' })
        .where('report_id', 'in', decided)
        .execute();
    }
    for (const [i, r] of written.entries()) {
      if (i % 2 !== 0) continue;
      seq += 1;
      await w.store.reports.insertRevision({
        reportId: r.id,
        revision: 2,
        formVersion: 1,
        answersJson: JSON.stringify(answersOf(i + 1)),
        photos: [],
        flags: [],
        clientTime: null,
        receivedAt: at(100 + i),
        chainSeq: seq,
        chainHash: 'x',
      });
      await w.store.reports.updateLatest(r.id, 2, i % 3 === 0 ? [{ code: 'turnout_over_100' }] : [], at(100 + i));
    }
    return decided;
  }

  /** The alerts kept for the stations and counted for the areas. */
  const alertRows = async (q: ReturnType<typeof db>['kysely']) => ({
    stations: (
      await sql<Record<string, unknown>>`select station_id, mark from station_alerts order by station_id, mark`.execute(
        q,
      )
    ).rows.map((r) => `${r.station_id} ${r.mark}`),
    areas: (
      await sql<Record<string, unknown>>`select area_id, mark, schedule, stations from area_alerts
        where stations <> 0 order by area_id, mark, schedule`.execute(q)
    ).rows.map((r) => `${r.area_id} ${r.mark} ${r.schedule} ${Number(r.stations)}`),
  });

  /**
   * The alerts as a full refresh of every station derives them, in a transaction undone afterwards.
   * PostgreSQL: its refresh function; SQLite (row triggers only): the election's hours changed and
   * changed back, which refreshes every station of the election.
   */
  async function fullRefresh() {
    let refreshed: Awaited<ReturnType<typeof alertRows>> | undefined;
    await db()
      .kysely.transaction()
      .execute(async (tx) => {
        if (dialect === 'postgres') {
          await sql`select alert_stations_refresh(array(select id from stations))`.execute(tx);
        } else {
          const hours = (
            await sql<{ id: string; close: string }>`select id, polls_close as close from elections`.execute(tx)
          ).rows;
          for (const h of hours) {
            await sql`update elections set polls_close = '23:59' where id = ${h.id}`.execute(tx);
            await sql`update elections set polls_close = ${h.close} where id = ${h.id}`.execute(tx);
          }
        }
        refreshed = await alertRows(tx);
        throw new Error('undo');
      })
      .catch((error: Error) => {
        if (error.message !== 'undo') throw error;
      });
    if (!refreshed) throw new Error('no refresh');
    return refreshed;
  }

  /** The kept rows, and the same recounted from reports and their latest revisions. */
  async function compare(decided: string[]) {
    const k = db().kysely;
    const pg = dialect === 'postgres';
    const field = (f: string) => (pg ? `v.answers ->> '${f}'` : `json_extract(v.answers, '$.${f}')`);
    const rows = async (q: string) =>
      (await sql.raw<Record<string, unknown>>(q).execute(k)).rows.map((r) =>
        Object.values(r)
          .map((x) => (x instanceof Date || typeof x === 'string' ? time(x) : String(x)))
          .join(' '),
      );
    const ids = decided.map((id) => `'${id}'`).join(', ') || 'null';
    const latest = 'join report_revisions v on v.report_id = r.id and v.revision = r.latest_revision';
    const alerts = await alertRows(k);
    const refreshed = await fullRefresh();
    return {
      kept: {
        alerts,
        queue: await rows(`select report_id, form_kind, status, answered, incident_severity from report_verifications
          order by report_id`),
        checkpoints: await rows(
          'select report_id, station_id, checkpoint from alert_turnout_checkpoints order by report_id',
        ),
        watch: await rows('select observer_id, heard_at from observer_watch order by observer_id'),
      },
      truth: {
        alerts: refreshed,
        // Queued once flagged or an incident; a correction of a follow-up is answered and pending again.
        queue: await rows(`select r.id, r.form_kind,
            case when r.id in (${ids}) and r.latest_revision = 1 then 'follow_up' else 'pending' end as status,
            case when r.id in (${ids}) and r.latest_revision > 1 then 1 else 0 end as answered,
            case when r.form_kind = 'incident' then ${field('severity')} end as severity
          from reports r ${latest}
          where r.form_kind = 'incident' or exists (select 1 from report_revisions f where f.report_id = r.id and f.flags <> '[]')
            or r.flags <> '[]'
          order by r.id`),
        checkpoints:
          await rows(`select r.id, r.station_id, ${field('checkpoint_time')} as checkpoint from reports r ${latest}
          where r.form_kind = 'turnout' order by r.id`),
        watch:
          await rows(`select w.observer_id, (select max(r.updated_at) from reports r where r.observer_id = w.observer_id) as heard_at
          from observer_watch w order by w.observer_id`),
      },
    };
  }

  it('equal a recount from the reports after groups and corrections', async () => {
    const decided = await scenario(await world());
    const c = await compare(decided);
    expect(c.kept).toEqual(c.truth);
    expect(c.truth.queue.length).toBeGreaterThan(5);
    expect(c.truth.checkpoints.length).toBeGreaterThan(3);
    expect(c.truth.queue.some((r) => r.includes(' follow_up '))).toBe(true);
    expect(c.truth.queue.some((r) => / pending 1 /.test(r))).toBe(true);
    expect(c.truth.alerts.stations.length).toBeGreaterThan(0);
  });

  /** One station's alerts, and a report of a kind sent to it (one statement each, as ingest writes). */
  async function sendingWorld() {
    const w = await world();
    const station = w.stations[0] as string;
    const marks = async () =>
      (
        await db()
          .kysely.selectFrom('station_alerts')
          .select('mark')
          .where('station_id', '=', station)
          .orderBy('mark')
          .execute()
      ).map((r) => r.mark);
    let seq = 100;
    const send = async (kind: FormKind, answers: Record<string, unknown>) => {
      const id = randomUUID();
      await w.store.reports.insertReports([
        {
          id,
          electionId: w.election,
          stationId: station,
          formId: w.forms.get(kind) as string,
          formKind: kind,
          observerId: w.observers[0] as string,
          channel: 'app',
          latestRevision: 1,
          flags: [],
          createdAt: at(seq),
        },
      ]);
      seq += 1;
      await w.store.reports.insertRevisions([
        {
          reportId: id,
          revision: 1,
          formVersion: 1,
          answersJson: JSON.stringify(answers),
          photos: [],
          flags: [],
          clientTime: null,
          receivedAt: at(seq),
          chainSeq: seq,
          chainHash: 'x',
        },
      ]);
      return marks();
    };
    return { w, station, marks, send };
  }

  it('clear exactly the alerts a new report mark answers', async () => {
    const world = await sendingWorld();
    const { marks } = world;
    // Every step leaves what a full refresh of every station would.
    const send = async (kind: FormKind, answers: Record<string, unknown>) => {
      const after = await world.send(kind, answers);
      expect(await alertRows(db().kysely)).toEqual(await fullRefresh());
      return after;
    };
    expect(await marks()).toEqual(['opening', 'protocol', 'quiet:voting_day', 'turnout:10:00']);
    // The first report of any phase: no longer quiet.
    expect(await send('voting', { note: 'a' })).toEqual(['opening', 'protocol', 'turnout:10:00']);
    // The opening checklist after it still clears the opening alert.
    expect(await send('opening', { note: 'b' })).toEqual(['protocol', 'turnout:10:00']);
    // The turnout's checkpoint clears its alert; its new mark alone changes nothing.
    expect(await send('turnout', { checkpoint_time: '10:00' })).toEqual(['protocol']);
    expect(await send('closing', { note: 'c' })).toEqual(['protocol']);
    // A protocol clears the "protocol missing" alert (its mark clears what its rule names).
    expect(await send('protocol', { note: 'd' })).toEqual([]);
  });

  it("leave the station's other alerts alone: a new report mark refreshes nothing", async () => {
    const { station, marks, send } = await sendingWorld();
    // A row no rule derives: a refresh of the station from scratch would remove it.
    await sql`insert into station_alerts (election_id, station_id, area_id, schedule, mark)
      select election_id, station_id, area_id, schedule, 'probe' from station_alerts
      where station_id = ${station} and mark = 'protocol'`.execute(db().kysely);
    const probed = ['opening', 'probe', 'protocol', 'quiet:voting_day', 'turnout:10:00'];
    expect(await marks()).toEqual(probed);
    expect(await send('voting', { note: 'a' })).toEqual(['opening', 'probe', 'protocol', 'turnout:10:00']);
    expect(await send('protocol', { note: 'b' })).toEqual(['opening', 'probe', 'turnout:10:00']);
  });

  it('differ from the recount once those triggers are gone (the check can fail)', async () => {
    const k = db().kysely;
    const drop =
      dialect === 'postgres'
        ? [
            'drop trigger report_revisions_dashboard on report_revisions',
            'drop trigger observer_heard_watch_later on observer_heard',
            'drop trigger reports_verification_queue on reports',
            'drop trigger station_marks_alerts_insert on station_marks',
          ]
        : [
            'drop trigger report_revisions_verification_severity',
            'drop trigger report_revisions_turnout_checkpoint',
            'drop trigger reports_verification_insert',
            ...['readiness', 'opening', 'voting', 'turnout', 'closing', 'protocol'].map(
              (kind) => `drop trigger station_marks_alerts_clear_${kind}`,
            ),
          ];
    for (const statement of drop) await sql.raw(statement).execute(k);
    const decided = await scenario(await world());
    const c = await compare(decided);
    expect(c.kept.queue).not.toEqual(c.truth.queue);
    expect(c.kept.checkpoints).not.toEqual(c.truth.checkpoints);
    expect(c.kept.alerts).not.toEqual(c.truth.alerts);
    if (dialect === 'postgres') expect(c.kept.watch).not.toEqual(c.truth.watch);
  });
});
