import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Issue 17, `npm run bench -- dashboard`: the overview and the readiness page count planned visits,
// done ones (a readiness report of that observer at that station) and overdue ones. Each count
// probed the reports index once per visit (7,800 visits: ~25 ms of CPU per request on SQLite, twice
// the rest of the readiness page). A planned visit now keeps `done` (1 when such a report exists),
// set by triggers: a readiness report written, deleted or moved (station, observer, kind, election)
// recomputes the visits of its old and new (election, station, observer); a visit written or moved
// computes its own. The counts then read one covering index range. Only readiness reports fire
// anything on the ingest path. Frozen once landed: change the schema with a new migration, never by
// editing this one (the visits already planned are computed at the end).

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const run = (text: string) => sql.raw(text).execute(db);

  await db.schema
    .alterTable('readiness_visits')
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('readiness_visits_progress_idx')
    .on('readiness_visits')
    .columns(['election_id', 'visit_date', 'done', 'station_id'])
    .execute();

  /** `done` of the visits of (election e, station s, observer o) again, from the reports. */
  const recompute = (e: string, s: string, o: string) =>
    `update readiness_visits set done = (case when exists (select 1 from reports r where r.election_id = ${e}
        and r.form_kind = 'readiness' and r.station_id = ${s} and r.observer_id = ${o}) then 1 else 0 end)
      where election_id = ${e} and station_id = ${s} and observer_id = ${o}`;
  const reportMoved = ['election_id', 'station_id', 'observer_id', 'form_kind']
    .map((c) => (pg ? `old.${c} is distinct from new.${c}` : `old.${c} is not new.${c}`))
    .join(' or ');
  const visitMoved = ['election_id', 'station_id', 'observer_id']
    .map((c) => (pg ? `old.${c} is distinct from new.${c}` : `old.${c} is not new.${c}`))
    .join(' or ');
  const doneOf = (v: string) =>
    `(case when exists (select 1 from reports r where r.election_id = ${v}.election_id and r.form_kind = 'readiness'
      and r.station_id = ${v}.station_id and r.observer_id = ${v}.observer_id) then 1 else 0 end)`;

  if (pg) {
    const fn = (name: string, statements: string[]) =>
      run(`create function ${name}() returns trigger language plpgsql as $$
        begin
        ${statements.map((s) => `${s};`).join('\n')}
        return null;
        end $$`);
    await fn('readiness_visits_done_report_insert', [
      `update readiness_visits set done = 1 where election_id = new.election_id and station_id = new.station_id
        and observer_id = new.observer_id and done = 0`,
    ]);
    await fn('readiness_visits_done_report_delete', [
      recompute('old.election_id', 'old.station_id', 'old.observer_id'),
    ]);
    await fn('readiness_visits_done_report_update', [
      recompute('old.election_id', 'old.station_id', 'old.observer_id'),
      recompute('new.election_id', 'new.station_id', 'new.observer_id'),
    ]);
    await fn('readiness_visits_done_visit', [`update readiness_visits set done = ${doneOf('new')} where id = new.id`]);
    await run(`create trigger reports_readiness_visits_insert after insert on reports for each row
      when (new.form_kind = 'readiness') execute function readiness_visits_done_report_insert()`);
    await run(`create trigger reports_readiness_visits_delete after delete on reports for each row
      when (old.form_kind = 'readiness') execute function readiness_visits_done_report_delete()`);
    await run(`create trigger reports_readiness_visits_update after update on reports for each row
      when ((old.form_kind = 'readiness' or new.form_kind = 'readiness') and (${reportMoved}))
      execute function readiness_visits_done_report_update()`);
    await run(`create trigger readiness_visits_done_insert after insert on readiness_visits for each row
      execute function readiness_visits_done_visit()`);
    await run(`create trigger readiness_visits_done_update after update on readiness_visits for each row
      when (${visitMoved}) execute function readiness_visits_done_visit()`);
  } else {
    const trigger = (name: string, when: string, statements: string[]) =>
      run(`create trigger ${name} ${when} begin\n${statements.map((s) => `${s};`).join('\n')}\nend`);
    await trigger('reports_readiness_visits_insert', `after insert on reports when new.form_kind = 'readiness'`, [
      `update readiness_visits set done = 1 where election_id = new.election_id and station_id = new.station_id
        and observer_id = new.observer_id and done = 0`,
    ]);
    await trigger('reports_readiness_visits_delete', `after delete on reports when old.form_kind = 'readiness'`, [
      recompute('old.election_id', 'old.station_id', 'old.observer_id'),
    ]);
    await trigger(
      'reports_readiness_visits_update',
      `after update on reports when (old.form_kind = 'readiness' or new.form_kind = 'readiness') and (${reportMoved})`,
      [
        recompute('old.election_id', 'old.station_id', 'old.observer_id'),
        recompute('new.election_id', 'new.station_id', 'new.observer_id'),
      ],
    );
    await trigger('readiness_visits_done_insert', 'after insert on readiness_visits', [
      `update readiness_visits set done = ${doneOf('new')} where id = new.id`,
    ]);
    await trigger('readiness_visits_done_update', `after update on readiness_visits when ${visitMoved}`, [
      `update readiness_visits set done = ${doneOf('new')} where id = new.id`,
    ]);
  }

  // The visits already planned.
  await run(`update readiness_visits set done = ${doneOf('readiness_visits')}`);
}
