import { type Kysely, PostgresAdapter, sql } from 'kysely';

// The alerts' counts kept as they change (issue 17: the overview counts open alerts, and with
// 10,000 stations the station-by-station anti-joins cost ~1 s per request). Triggers keep:
// - station_alerts: per station, the reports it is expected to have sent and has not, whatever the
//   hour: `opening` (an observer for the opening or voting day, no opening checklist), `protocol`
//   (an observer for voting day or counting, no protocol copy), `turnout:HH:MM` per turnout
//   checkpoint inside the station's hours (an observer for voting day, no turnout report with a
//   time from that checkpoint up to the next one), and for coverage `quiet:<shift>` (an observer
//   for the shift, no report of the shift's phases), each with the station's area and schedule
//   (`time zone|polls open|polls close`, empty parts: the election's);
// - area_alerts: per area, schedule and mark, how many stations have it. The alerts add the rows of
//   the marks whose time has come (core decides which, per schedule) in the actor's area;
// - observer_watch: per election, each observer assigned for the opening or voting day, and when
//   they were last heard from (their latest report in the election or their latest request, on
//   any session). Silent phones are the few rows heard from before the cutoff.
// The shifts are core's `expectedShifts` and the phases its `coveragePhases`; the alerts and the
// coverage read these tables only when asked for exactly those. Rows with a count of 0 stay in area_alerts (they add nothing). No foreign keys.
// Frozen once landed: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = pg ? sql`uuid` : sql`text`;
  const ts = pg ? sql`timestamptz` : sql`text`;

  await db.schema
    .createTable('station_alerts')
    .addColumn('election_id', id, (c) => c.notNull())
    .addColumn('station_id', id, (c) => c.notNull())
    .addColumn('area_id', id, (c) => c.notNull())
    .addColumn('schedule', 'text', (c) => c.notNull())
    .addColumn('mark', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('station_alerts_pkey', ['station_id', 'mark'])
    .execute();
  await db.schema
    .createIndex('station_alerts_mark_idx')
    .on('station_alerts')
    .columns(['election_id', 'mark', 'schedule', 'station_id'])
    .execute();
  await db.schema
    .createTable('area_alerts')
    .addColumn('election_id', id, (c) => c.notNull())
    .addColumn('mark', 'text', (c) => c.notNull())
    .addColumn('schedule', 'text', (c) => c.notNull())
    .addColumn('area_id', id, (c) => c.notNull())
    .addColumn('stations', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('area_alerts_pkey', ['election_id', 'mark', 'schedule', 'area_id'])
    .execute();
  await db.schema
    .createTable('observer_watch')
    .addColumn('election_id', id, (c) => c.notNull())
    .addColumn('observer_id', id, (c) => c.notNull())
    .addColumn('heard_at', ts)
    .addPrimaryKeyConstraint('observer_watch_pkey', ['election_id', 'observer_id'])
    .execute();
  await db.schema
    .createIndex('observer_watch_heard_idx')
    .on('observer_watch')
    .columns(['election_id', 'heard_at', 'observer_id'])
    .execute();
  await db.schema.createIndex('observer_watch_observer_idx').on('observer_watch').column('observer_id').execute();
  // A station's turnout reports by checkpoint (the existing index leads with the election).
  await db.schema
    .createIndex('alert_turnout_checkpoints_station_idx')
    .on('alert_turnout_checkpoints')
    .columns(['station_id', 'checkpoint'])
    .execute();

  // ---- statement builders; `where` is a condition on the stations `st` to derive ----
  const schedule = `coalesce(st.time_zone, '') || '|' || coalesce(st.polls_open, '') || '|' || coalesce(st.polls_close, '')`;
  const checkpoints = (alias: string) =>
    pg
      ? `jsonb_array_elements_text(el.turnout_checkpoints) as ${alias}(value)`
      : `json_each(el.turnout_checkpoints) as ${alias}`;
  const has = (marks: string[]) =>
    `exists (select 1 from station_marks m where m.election_id = st.election_id
      and m.mark in (${marks.map((m) => `'${m}'`).join(', ')}) and m.station_id = st.id)`;
  const missing = (mark: string, shifts: string[], report: string) =>
    `select st.election_id, st.id, st.area_id, ${schedule}, '${mark}' from stations st where %W
      and ${has(shifts.map((s) => `a:${s}`))} and not ${has([`r:${report}`])}`;
  const close = 'coalesce(st.polls_close, el.polls_close)';
  const dayKinds = ['opening', 'voting', 'turnout', 'closing', 'protocol'];
  const phases: Record<string, string[]> = {
    readiness: ['readiness'],
    opening: dayKinds,
    voting_day: dayKinds,
    counting: dayKinds,
  };
  const quiet = Object.entries(phases).map(
    ([shift, kinds]) =>
      `select st.election_id, st.id, st.area_id, ${schedule}, 'quiet:${shift}' from stations st where %W
        and ${has([`a:${shift}`])} and not ${has(kinds.map((k) => `r:${k}`))}`,
  );
  const derive = (where: string) =>
    [
      missing('opening', ['opening', 'voting_day'], 'opening'),
      missing('protocol', ['voting_day', 'counting'], 'protocol'),
      ...quiet,
      `select st.election_id, st.id, st.area_id, ${schedule}, 'turnout:' || c.value
        from stations st join elections el on el.id = st.election_id cross join ${pg ? 'lateral ' : ''}${checkpoints('c')}
        where %W and c.value >= coalesce(st.polls_open, el.polls_open) and c.value <= ${close}
          and ${has(['a:voting_day'])}
          and not exists (select 1 from alert_turnout_checkpoints t where t.station_id = st.id
            and t.checkpoint >= c.value
            and (t.checkpoint < (select min(c2.value) from ${checkpoints('c2')} where c2.value > c.value and c2.value <= ${close})
              or (select min(c2.value) from ${checkpoints('c2')} where c2.value > c.value and c2.value <= ${close}) is null))`,
    ]
      .map((q) => q.replaceAll('%W', `(${where})`))
      .join('\nunion all\n');
  const insertDerived = (where: string) =>
    `insert into station_alerts (election_id, station_id, area_id, schedule, mark) ${derive(where)}`;
  /** One station's marks again: its area counts down, its rows anew, its area counts up. */
  const refreshStation = (s: string) => [
    `update area_alerts set stations = stations - 1
      where election_id = (select x.election_id from station_alerts x where x.station_id = ${s} limit 1)
        and schedule = (select x.schedule from station_alerts x where x.station_id = ${s} limit 1)
        and area_id = (select x.area_id from station_alerts x where x.station_id = ${s} limit 1)
        and mark in (select x.mark from station_alerts x where x.station_id = ${s})`,
    `delete from station_alerts where station_id = ${s}`,
    insertDerived(`st.id = ${s}`),
    `insert into area_alerts (election_id, mark, schedule, area_id, stations)
      select x.election_id, x.mark, x.schedule, x.area_id, 1 from station_alerts x where x.station_id = ${s}
      on conflict (election_id, mark, schedule, area_id) do update set stations = area_alerts.stations + 1`,
  ];
  /** Every station of the election again (its checkpoints or hours changed; and what is stored now). */
  const refreshElection = (where: string) => [
    `delete from area_alerts where ${where}`,
    `delete from station_alerts where ${where}`,
    insertDerived(`st.${where}`),
    `insert into area_alerts (election_id, mark, schedule, area_id, stations)
      select x.election_id, x.mark, x.schedule, x.area_id, count(*) from station_alerts x where x.${where}
      group by x.election_id, x.mark, x.schedule, x.area_id`,
  ];

  // Last heard from: the latest report in the election, or the latest request on any session.
  const lastReport = (e: string, o: string) =>
    `(select h.last_report_at from observer_heard h where h.election_id = ${e} and h.observer_id = ${o})`;
  const lastSeen = (o: string) => `(select max(se.last_seen_at) from sessions se where se.user_id = ${o})`;
  const heard = (e: string, o: string) =>
    pg
      ? `greatest(${lastReport(e, o)}, ${lastSeen(o)})`
      : `max(coalesce(${lastReport(e, o)}, ${lastSeen(o)}), coalesce(${lastSeen(o)}, ${lastReport(e, o)}))`;
  const watched = `('opening', 'voting_day')`;
  const watch = (e: string, o: string) => [
    `insert into observer_watch (election_id, observer_id, heard_at) select ${e}, ${o}, ${heard(e, o)} where 1 = 1
      on conflict (election_id, observer_id) do nothing`,
  ];
  const unwatch = (e: string, o: string) => [
    `delete from observer_watch where election_id = ${e} and observer_id = ${o}
      and not exists (select 1 from assignments a where a.election_id = ${e} and a.observer_id = ${o}
        and a.shift in ${watched})`,
  ];
  const reheard = (where: string) => [
    `update observer_watch set heard_at = ${heard('observer_watch.election_id', 'observer_watch.observer_id')}
      where ${where}`,
  ];

  const body = (statements: string[]) => statements.map((s) => `${s};`).join('\n');
  const changed = (col: string) => (pg ? `old.${col} is distinct from new.${col}` : `old.${col} is not new.${col}`);
  const markWatched = (row: 'new' | 'old') =>
    `${row}.mark in ('a:readiness', 'a:opening', 'a:voting_day', 'a:counting', 'r:readiness', 'r:opening', 'r:voting',
      'r:turnout', 'r:closing', 'r:protocol')`;
  const scheduleChanged = ['area_id', 'time_zone', 'polls_open', 'polls_close'].map(changed).join(' or ');
  const hoursChanged = ['turnout_checkpoints', 'polls_open', 'polls_close'].map(changed).join(' or ');

  if (pg) {
    await sql
      .raw(`create function alert_station_refresh(s uuid) returns void language plpgsql as $$
      begin
      ${body(refreshStation('s'))}
      end $$`)
      .execute(db);
    const fn = async (name: string, statements: string[]) => {
      await sql
        .raw(`create function ${name}() returns trigger language plpgsql as $$
        begin
        ${body(statements)}
        return null;
        end $$`)
        .execute(db);
    };
    const trigger = (name: string, when: string, table: string, f: string, condition = '') =>
      sql
        .raw(
          `create trigger ${name} ${when} on ${table} for each row ${condition ? `when (${condition})` : ''} execute function ${f}()`,
        )
        .execute(db);
    await fn('alert_marks_insert', ['perform alert_station_refresh(new.station_id)']);
    await fn('alert_marks_delete', ['perform alert_station_refresh(old.station_id)']);
    await trigger(
      'station_marks_alerts_insert',
      'after insert',
      'station_marks',
      'alert_marks_insert',
      markWatched('new'),
    );
    await trigger(
      'station_marks_alerts_delete',
      'after delete',
      'station_marks',
      'alert_marks_delete',
      markWatched('old'),
    );
    await fn('alert_checkpoint_change', [
      `if tg_op <> 'INSERT' then perform alert_station_refresh(old.station_id); end if`,
      `if tg_op <> 'DELETE' then perform alert_station_refresh(new.station_id); end if`,
    ]);
    await trigger('alert_checkpoints_insert', 'after insert', 'alert_turnout_checkpoints', 'alert_checkpoint_change');
    await trigger(
      'alert_checkpoints_update',
      'after update',
      'alert_turnout_checkpoints',
      'alert_checkpoint_change',
      `${changed('checkpoint')} or ${changed('station_id')}`,
    );
    await trigger('alert_checkpoints_delete', 'after delete', 'alert_turnout_checkpoints', 'alert_checkpoint_change');
    await fn('alert_station_change', ['perform alert_station_refresh(new.id)']);
    await trigger('stations_alerts_update', 'after update', 'stations', 'alert_station_change', scheduleChanged);
    await fn('alert_station_gone', ['perform alert_station_refresh(old.id)']);
    await trigger('stations_alerts_delete', 'after delete', 'stations', 'alert_station_gone');
    await fn('alert_election_change', refreshElection('election_id = new.id'));
    await trigger('elections_alerts_update', 'after update', 'elections', 'alert_election_change', hoursChanged);

    await fn('watch_assignment_insert', [
      `if new.shift in ${watched} then ${body(watch('new.election_id', 'new.observer_id'))} end if`,
    ]);
    await fn('watch_assignment_delete', [
      `if old.shift in ${watched} then ${body(unwatch('old.election_id', 'old.observer_id'))} end if`,
    ]);
    await fn('watch_assignment_update', [
      `if old.shift in ${watched} then ${body(unwatch('old.election_id', 'old.observer_id'))} end if`,
      `if new.shift in ${watched} then ${body(watch('new.election_id', 'new.observer_id'))} end if`,
    ]);
    await trigger('assignments_watch_insert', 'after insert', 'assignments', 'watch_assignment_insert');
    await trigger('assignments_watch_delete', 'after delete', 'assignments', 'watch_assignment_delete');
    await trigger(
      'assignments_watch_update',
      'after update',
      'assignments',
      'watch_assignment_update',
      ['election_id', 'observer_id', 'shift'].map(changed).join(' or '),
    );
    await fn('watch_heard_change', [
      `if tg_op <> 'INSERT' then ${body(reheard('election_id = old.election_id and observer_id = old.observer_id'))} end if`,
      `if tg_op <> 'DELETE' then ${body(reheard('election_id = new.election_id and observer_id = new.observer_id'))} end if`,
    ]);
    await trigger('observer_heard_watch', 'after insert or update or delete', 'observer_heard', 'watch_heard_change');
    await fn('watch_session_change', [
      `if tg_op <> 'INSERT' then ${body(reheard('observer_id = old.user_id'))} end if`,
      `if tg_op <> 'DELETE' then ${body(reheard('observer_id = new.user_id'))} end if`,
    ]);
    await trigger('sessions_watch_insert', 'after insert', 'sessions', 'watch_session_change');
    await trigger(
      'sessions_watch_update',
      'after update',
      'sessions',
      'watch_session_change',
      `${changed('last_seen_at')} or ${changed('user_id')}`,
    );
    await trigger('sessions_watch_delete', 'after delete', 'sessions', 'watch_session_change');
  } else {
    const trigger = (name: string, when: string, statements: string[]) =>
      sql.raw(`create trigger ${name} ${when} begin\n${body(statements)}\nend`).execute(db);
    await trigger(
      'station_marks_alerts_insert',
      `after insert on station_marks when ${markWatched('new')}`,
      refreshStation('new.station_id'),
    );
    await trigger(
      'station_marks_alerts_delete',
      `after delete on station_marks when ${markWatched('old')}`,
      refreshStation('old.station_id'),
    );
    await trigger(
      'alert_checkpoints_insert',
      'after insert on alert_turnout_checkpoints',
      refreshStation('new.station_id'),
    );
    await trigger(
      'alert_checkpoints_update',
      `after update on alert_turnout_checkpoints when ${changed('checkpoint')} or ${changed('station_id')}`,
      [...refreshStation('old.station_id'), ...refreshStation('new.station_id')],
    );
    await trigger(
      'alert_checkpoints_delete',
      'after delete on alert_turnout_checkpoints',
      refreshStation('old.station_id'),
    );
    await trigger(
      'stations_alerts_update',
      `after update on stations when ${scheduleChanged}`,
      refreshStation('new.id'),
    );
    await trigger('stations_alerts_delete', 'after delete on stations', refreshStation('old.id'));
    await trigger(
      'elections_alerts_update',
      `after update on elections when ${hoursChanged}`,
      refreshElection('election_id = new.id'),
    );
    await trigger(
      'assignments_watch_insert',
      `after insert on assignments when new.shift in ${watched}`,
      watch('new.election_id', 'new.observer_id'),
    );
    await trigger(
      'assignments_watch_delete',
      `after delete on assignments when old.shift in ${watched}`,
      unwatch('old.election_id', 'old.observer_id'),
    );
    await trigger(
      'assignments_watch_update',
      `after update on assignments when ${['election_id', 'observer_id', 'shift'].map(changed).join(' or ')}`,
      [...unwatch('old.election_id', 'old.observer_id'), ...watch('new.election_id', 'new.observer_id')].map((s) =>
        s.includes('new.') ? `${s.replace('where 1 = 1', `where new.shift in ${watched}`)}` : s,
      ),
    );
    await trigger(
      'observer_heard_watch_insert',
      'after insert on observer_heard',
      reheard('election_id = new.election_id and observer_id = new.observer_id'),
    );
    await trigger(
      'observer_heard_watch_update',
      'after update on observer_heard',
      reheard('election_id = new.election_id and observer_id = new.observer_id'),
    );
    await trigger(
      'observer_heard_watch_delete',
      'after delete on observer_heard',
      reheard('election_id = old.election_id and observer_id = old.observer_id'),
    );
    await trigger('sessions_watch_insert', 'after insert on sessions', reheard('observer_id = new.user_id'));
    await trigger(
      'sessions_watch_update',
      `after update on sessions when ${changed('last_seen_at')} or ${changed('user_id')}`,
      [...reheard('observer_id = old.user_id'), ...reheard('observer_id = new.user_id')],
    );
    await trigger('sessions_watch_delete', 'after delete on sessions', reheard('observer_id = old.user_id'));
  }

  // What is already stored.
  for (const s of refreshElection('election_id is not null')) await sql.raw(s).execute(db);
  await sql
    .raw(`insert into observer_watch (election_id, observer_id, heard_at)
      select w.election_id, w.observer_id, ${heard('w.election_id', 'w.observer_id')}
      from (select distinct a.election_id, a.observer_id from assignments a where a.shift in ${watched}) w`)
    .execute(db);
}
