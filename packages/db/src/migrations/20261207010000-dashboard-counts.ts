import { type Kysely, PostgresAdapter, sql } from 'kysely';

// The dashboard's counts kept as they change (issue 17, `npm run bench -- dashboard`: 10,000
// stations, 1,000,000 report revisions, every figure under 50 ms while reports arrive). Triggers on
// stations, reports, report revisions and assignments keep:
// - station_marks: per station, how many reports of each kind (`r:opening`…) and assignments of each
//   shift (`a:voting_day`…) it has, and `station` for the station itself;
// - area_marks: per area (the station's own area), how many stations have each mark, so coverage,
//   readiness and the overview add a few hundred area rows instead of probing every station;
// - report_buckets: reports first received per area and quarter of an hour ("reports today");
// - report_flag_codes: the codes of each report's flags (the queue's flag filter, indexed);
// - readiness_latest / readiness_answers / readiness_answer_counts: each station's latest readiness
//   report, its scalar answers, and per area how many stations' latest reports hold each answer;
// - observer_heard: each observer's latest report time per election (silent phones).
// No foreign keys: deleting a report, an assignment or a station (the demo's removal) updates or
// deletes these rows by trigger, and knows nothing of them. A station moved to another area moves
// its counts. Frozen once landed: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = pg ? sql`uuid` : sql`text`;
  const ts = pg ? sql`timestamptz` : sql`text`;

  await db.schema
    .createTable('station_marks')
    .addColumn('election_id', id, (c) => c.notNull())
    .addColumn('mark', 'text', (c) => c.notNull())
    .addColumn('station_id', id, (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('station_marks_pkey', ['election_id', 'mark', 'station_id'])
    .execute();
  await db.schema
    .createIndex('station_marks_station_idx')
    .on('station_marks')
    .columns(['station_id', 'mark'])
    .execute();
  await db.schema
    .createTable('area_marks')
    .addColumn('election_id', id, (c) => c.notNull())
    .addColumn('area_id', id, (c) => c.notNull())
    .addColumn('mark', 'text', (c) => c.notNull())
    .addColumn('stations', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('area_marks_pkey', ['election_id', 'area_id', 'mark'])
    .execute();
  await db.schema
    .createTable('report_buckets')
    .addColumn('election_id', id, (c) => c.notNull())
    .addColumn('area_id', id, (c) => c.notNull())
    /** The quarter of an hour (UTC) the reports were first received in. */
    .addColumn('bucket', ts, (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_buckets_pkey', ['election_id', 'bucket', 'area_id'])
    .execute();
  await db.schema
    .createTable('report_flag_codes')
    .addColumn('election_id', id, (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('report_id', id, (c) => c.notNull())
    .addPrimaryKeyConstraint('report_flag_codes_pkey', ['election_id', 'code', 'report_id'])
    .execute();
  await db.schema.createIndex('report_flag_codes_report_idx').on('report_flag_codes').column('report_id').execute();
  await db.schema
    .createTable('readiness_latest')
    .addColumn('election_id', id, (c) => c.notNull())
    .addColumn('station_id', id, (c) => c.notNull())
    .addColumn('report_id', id, (c) => c.notNull())
    .addPrimaryKeyConstraint('readiness_latest_pkey', ['election_id', 'station_id'])
    .execute();
  await db.schema
    .createTable('readiness_answers')
    .addColumn('election_id', id, (c) => c.notNull())
    .addColumn('station_id', id, (c) => c.notNull())
    .addColumn('question_id', 'text', (c) => c.notNull())
    /** `true` / `false` for a yes/no answer, the choice's value for a choice. */
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('readiness_answers_pkey', ['election_id', 'station_id', 'question_id'])
    .execute();
  await db.schema
    .createIndex('readiness_answers_value_idx')
    .on('readiness_answers')
    .columns(['election_id', 'question_id', 'value', 'station_id'])
    .execute();
  await db.schema
    .createTable('readiness_answer_counts')
    .addColumn('election_id', id, (c) => c.notNull())
    .addColumn('area_id', id, (c) => c.notNull())
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('stations', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('readiness_answer_counts_pkey', ['election_id', 'area_id', 'question_id', 'value'])
    .execute();
  await db.schema
    .createTable('observer_heard')
    .addColumn('election_id', id, (c) => c.notNull())
    .addColumn('observer_id', id, (c) => c.notNull())
    .addColumn('last_report_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('observer_heard_pkey', ['election_id', 'observer_id'])
    .execute();
  await db.schema
    .createIndex('observer_heard_at_idx')
    .on('observer_heard')
    .columns(['election_id', 'last_report_at', 'observer_id'])
    .execute();

  // ---- statement builders (E, S, M, A: SQL expressions for election, station, mark, area) ----
  const areaOf = (s: string) => `(select x_st.area_id from stations x_st where x_st.id = ${s})`;
  // SQLite parses `insert … select … on conflict` only with a where clause in the select.
  const markUp = (e: string, s: string, m: string) => [
    `insert into area_marks (election_id, area_id, mark, stations)
      select ${e}, x_st.area_id, ${m}, 1 from stations x_st where x_st.id = ${s}
        and not exists (select 1 from station_marks x where x.election_id = ${e} and x.mark = ${m} and x.station_id = ${s})
      on conflict (election_id, area_id, mark) do update set stations = area_marks.stations + 1`,
    `insert into station_marks (election_id, mark, station_id, n) select ${e}, ${m}, ${s}, 1 where 1 = 1
      on conflict (election_id, mark, station_id) do update set n = station_marks.n + 1`,
  ];
  const markDown = (e: string, s: string, m: string) => [
    `update station_marks set n = n - 1 where election_id = ${e} and mark = ${m} and station_id = ${s}`,
    `update area_marks set stations = stations - 1 where election_id = ${e} and mark = ${m} and area_id = ${areaOf(s)}
      and exists (select 1 from station_marks x where x.election_id = ${e} and x.mark = ${m} and x.station_id = ${s} and x.n <= 0)`,
    `delete from area_marks where election_id = ${e} and mark = ${m} and area_id = ${areaOf(s)} and stations <= 0`,
    `delete from station_marks where election_id = ${e} and mark = ${m} and station_id = ${s} and n <= 0`,
  ];
  const bucketOf = (t: string) =>
    pg
      ? `date_bin('15 minutes', ${t}, timestamptz '2000-01-01 00:00:00+00')`
      : `(substr(${t}, 1, 14) || printf('%02d', (cast(substr(${t}, 15, 2) as integer) / 15) * 15) || ':00.000Z')`;
  const bucketUp = (e: string, s: string, t: string) => [
    `insert into report_buckets (election_id, area_id, bucket, n)
      select ${e}, x_st.area_id, ${bucketOf(t)}, 1 from stations x_st where x_st.id = ${s}
      on conflict (election_id, bucket, area_id) do update set n = report_buckets.n + 1`,
  ];
  const bucketDown = (e: string, s: string, t: string) => [
    `update report_buckets set n = n - 1 where election_id = ${e} and bucket = ${bucketOf(t)} and area_id = ${areaOf(s)}`,
    `delete from report_buckets where election_id = ${e} and bucket = ${bucketOf(t)} and area_id = ${areaOf(s)} and n <= 0`,
  ];
  const flagCodes = (r: string, e: string, flags: string) => [
    `delete from report_flag_codes where report_id = ${r}`,
    pg
      ? `insert into report_flag_codes (election_id, code, report_id)
          select distinct ${e}, f ->> 'code', ${r} from jsonb_array_elements(${flags}) f where f ->> 'code' is not null
          on conflict do nothing`
      : `insert or ignore into report_flag_codes (election_id, code, report_id)
          select distinct ${e}, json_extract(f.value, '$.code'), ${r} from json_each(${flags}) f
          where json_extract(f.value, '$.code') is not null`,
  ];
  const heard = (e: string, o: string) => [
    `delete from observer_heard where election_id = ${e} and observer_id = ${o}`,
    `insert into observer_heard (election_id, observer_id, last_report_at)
      select ${e}, ${o}, max(x.updated_at) from reports x where x.observer_id = ${o} and x.election_id = ${e}
      group by x.observer_id having max(x.updated_at) is not null`,
  ];
  const heardUp = (e: string, o: string, t: string) => [
    `insert into observer_heard (election_id, observer_id, last_report_at) select ${e}, ${o}, ${t} where 1 = 1
      on conflict (election_id, observer_id) do update set last_report_at = excluded.last_report_at
      where excluded.last_report_at > observer_heard.last_report_at`,
  ];
  // The latest revision's scalar answers (yes/no as `true`/`false`, texts and choices as they are).
  const answersOf = (where: string) =>
    pg
      ? `select l.election_id, l.station_id, a.key, a.value #>> '{}'
        from readiness_latest l join reports r on r.id = l.report_id
        join report_revisions v on v.report_id = r.id and v.revision = r.latest_revision
        cross join lateral jsonb_each(v.answers) a
        where jsonb_typeof(a.value) in ('boolean', 'string') and ${where}`
      : `select l.election_id, l.station_id, a.key, case a.type when 'true' then 'true' when 'false' then 'false' else a.value end
        from readiness_latest l join reports r on r.id = l.report_id
        join report_revisions v on v.report_id = r.id and v.revision = r.latest_revision
        join json_each(v.answers) a
        where a.type in ('true', 'false', 'text') and ${where}`;
  // A station's readiness: its latest readiness report (found without an order by, which SQLite,
  // without statistics, would answer by walking the election's reports in time order), that
  // report's latest answers, and the per-area counts of them.
  const readiness = (e: string, s: string) => [
    `update readiness_answer_counts set stations = stations - 1 where election_id = ${e} and area_id = ${areaOf(s)}
      and exists (select 1 from readiness_answers x where x.election_id = ${e} and x.station_id = ${s}
        and x.question_id = readiness_answer_counts.question_id and x.value = readiness_answer_counts.value)`,
    `delete from readiness_answer_counts where election_id = ${e} and area_id = ${areaOf(s)} and stations <= 0`,
    `delete from readiness_answers where election_id = ${e} and station_id = ${s}`,
    `delete from readiness_latest where election_id = ${e} and station_id = ${s}`,
    `insert into readiness_latest (election_id, station_id, report_id)
      select r.election_id, r.station_id, r.id from reports r
      where r.election_id = ${e} and r.form_kind = 'readiness' and r.station_id = ${s}
        and not exists (select 1 from reports r2 where r2.election_id = r.election_id and r2.form_kind = 'readiness'
          and r2.station_id = r.station_id
          and (r2.updated_at > r.updated_at or (r2.updated_at = r.updated_at and r2.id > r.id)))`,
    `insert into readiness_answers (election_id, station_id, question_id, value)
      ${answersOf(`l.election_id = ${e} and l.station_id = ${s}`)}`,
    `insert into readiness_answer_counts (election_id, area_id, question_id, value, stations)
      select x.election_id, x_st.area_id, x.question_id, x.value, 1
      from readiness_answers x join stations x_st on x_st.id = x.station_id
      where x.election_id = ${e} and x.station_id = ${s}
      on conflict (election_id, area_id, question_id, value) do update set stations = readiness_answer_counts.stations + 1`,
  ];
  // A station leaving area `from` for area `to` (or being deleted: `to` null) takes its counts along.
  const moveStation = (e: string, s: string, from: string, to: string | null) => [
    `update area_marks set stations = stations - 1 where election_id = ${e} and area_id = ${from}
      and mark in (select x.mark from station_marks x where x.station_id = ${s} and x.election_id = ${e})`,
    `delete from area_marks where election_id = ${e} and area_id = ${from} and stations <= 0`,
    `update readiness_answer_counts set stations = stations - 1 where election_id = ${e} and area_id = ${from}
      and exists (select 1 from readiness_answers x where x.election_id = ${e} and x.station_id = ${s}
        and x.question_id = readiness_answer_counts.question_id and x.value = readiness_answer_counts.value)`,
    `delete from readiness_answer_counts where election_id = ${e} and area_id = ${from} and stations <= 0`,
    `update report_buckets set n = n - (select count(*) from reports x where x.election_id = ${e} and x.station_id = ${s}
        and ${bucketOf('x.created_at')} = report_buckets.bucket)
      where election_id = ${e} and area_id = ${from}`,
    `delete from report_buckets where election_id = ${e} and area_id = ${from} and n <= 0`,
    ...(to === null
      ? [
          `delete from station_marks where station_id = ${s}`,
          `delete from readiness_answers where station_id = ${s}`,
          `delete from readiness_latest where station_id = ${s}`,
        ]
      : [
          `insert into area_marks (election_id, area_id, mark, stations)
            select x.election_id, ${to}, x.mark, 1 from station_marks x where x.station_id = ${s} and x.election_id = ${e}
            on conflict (election_id, area_id, mark) do update set stations = area_marks.stations + 1`,
          `insert into readiness_answer_counts (election_id, area_id, question_id, value, stations)
            select x.election_id, ${to}, x.question_id, x.value, 1 from readiness_answers x
            where x.election_id = ${e} and x.station_id = ${s}
            on conflict (election_id, area_id, question_id, value) do update set stations = readiness_answer_counts.stations + 1`,
          `insert into report_buckets (election_id, area_id, bucket, n)
            select x.election_id, ${to}, ${bucketOf('x.created_at')}, count(*) from reports x
            where x.election_id = ${e} and x.station_id = ${s} group by x.election_id, ${bucketOf('x.created_at')}
            on conflict (election_id, bucket, area_id) do update set n = report_buckets.n + excluded.n`,
        ]),
  ];

  const body = (statements: string[]) => statements.map((s) => `${s};`).join('\n');
  const changed = (col: string) => (pg ? `old.${col} is distinct from new.${col}` : `old.${col} is not new.${col}`);

  const onReportInsert = [
    ...markUp('new.election_id', 'new.station_id', `'r:' || new.form_kind`),
    ...bucketUp('new.election_id', 'new.station_id', 'new.created_at'),
    ...flagCodes('new.id', 'new.election_id', 'new.flags'),
    ...heardUp('new.election_id', 'new.observer_id', 'new.updated_at'),
  ];
  const onReportDelete = [
    ...markDown('old.election_id', 'old.station_id', `'r:' || old.form_kind`),
    ...bucketDown('old.election_id', 'old.station_id', 'old.created_at'),
    'delete from report_flag_codes where report_id = old.id',
    ...heard('old.election_id', 'old.observer_id'),
  ];
  // Reports never change election, station, kind or observer in pollwatch; if one did, its counts follow.
  const onReportMove = [
    ...markDown('old.election_id', 'old.station_id', `'r:' || old.form_kind`),
    ...markUp('new.election_id', 'new.station_id', `'r:' || new.form_kind`),
    ...bucketDown('old.election_id', 'old.station_id', 'old.created_at'),
    ...bucketUp('new.election_id', 'new.station_id', 'new.created_at'),
    ...heard('old.election_id', 'old.observer_id'),
    ...heard('new.election_id', 'new.observer_id'),
  ];
  const reportMoved = ['election_id', 'station_id', 'form_kind', 'observer_id', 'created_at'].map(changed).join(' or ');
  const assignUp = markUp('new.election_id', 'new.station_id', `'a:' || new.shift`);
  const assignDown = markDown('old.election_id', 'old.station_id', `'a:' || old.shift`);
  const revisionReadiness = readiness(
    '(select x_r.election_id from reports x_r where x_r.id = new.report_id)',
    '(select x_r.station_id from reports x_r where x_r.id = new.report_id)',
  );

  if (pg) {
    const fn = async (name: string, statements: string[]) => {
      await sql
        .raw(`create function ${name}() returns trigger language plpgsql as $$
        begin
        ${body(statements)}
        return null;
        end $$`)
        .execute(db);
    };
    await sql
      .raw(`create function dashboard_readiness_refresh(e uuid, s uuid) returns void language plpgsql as $$
      begin
      ${body(readiness('e', 's'))}
      end $$`)
      .execute(db);
    await fn('dashboard_report_insert', [
      ...onReportInsert,
      `if new.form_kind = 'readiness' then perform dashboard_readiness_refresh(new.election_id, new.station_id); end if`,
    ]);
    await fn('dashboard_report_delete', [
      ...onReportDelete,
      `if old.form_kind = 'readiness' then perform dashboard_readiness_refresh(old.election_id, old.station_id); end if`,
    ]);
    await fn('dashboard_report_update', [
      `if ${reportMoved} then ${body(onReportMove)} end if`,
      `if ${changed('flags')} then ${body(flagCodes('new.id', 'new.election_id', 'new.flags'))} end if`,
      `if ${changed('updated_at')} then ${body(heardUp('new.election_id', 'new.observer_id', 'new.updated_at'))} end if`,
      `if old.form_kind = 'readiness' then perform dashboard_readiness_refresh(old.election_id, old.station_id); end if`,
      `if new.form_kind = 'readiness' and (${reportMoved}) then perform dashboard_readiness_refresh(new.election_id, new.station_id); end if`,
    ]);
    await fn('dashboard_revision_insert', [
      `perform dashboard_readiness_refresh(x_r.election_id, x_r.station_id) from reports x_r
        where x_r.id = new.report_id and x_r.form_kind = 'readiness'`,
    ]);
    await fn('dashboard_assignment_insert', assignUp);
    await fn('dashboard_assignment_delete', assignDown);
    await fn('dashboard_assignment_update', [
      `if ${['election_id', 'station_id', 'shift'].map(changed).join(' or ')} then ${body([...assignDown, ...assignUp])} end if`,
    ]);
    await fn('dashboard_station_insert', markUp('new.election_id', 'new.id', `'station'`));
    await fn('dashboard_station_update', [
      `if ${changed('area_id')} then ${body(moveStation('new.election_id', 'new.id', 'old.area_id', 'new.area_id'))} end if`,
    ]);
    await sql
      .raw(`create function dashboard_station_delete() returns trigger language plpgsql as $$
        begin
        ${body(moveStation('old.election_id', 'old.id', 'old.area_id', null))}
        return old;
        end $$`)
      .execute(db);
    const trigger = (name: string, when: string, table: string, f: string) =>
      sql.raw(`create trigger ${name} ${when} on ${table} for each row execute function ${f}()`).execute(db);
    await trigger('reports_dashboard_insert', 'after insert', 'reports', 'dashboard_report_insert');
    await trigger('reports_dashboard_delete', 'after delete', 'reports', 'dashboard_report_delete');
    await trigger('reports_dashboard_update', 'after update', 'reports', 'dashboard_report_update');
    await trigger('report_revisions_dashboard', 'after insert', 'report_revisions', 'dashboard_revision_insert');
    await trigger('assignments_dashboard_insert', 'after insert', 'assignments', 'dashboard_assignment_insert');
    await trigger('assignments_dashboard_delete', 'after delete', 'assignments', 'dashboard_assignment_delete');
    await trigger('assignments_dashboard_update', 'after update', 'assignments', 'dashboard_assignment_update');
    await trigger('stations_dashboard_insert', 'after insert', 'stations', 'dashboard_station_insert');
    await trigger('stations_dashboard_update', 'after update', 'stations', 'dashboard_station_update');
    await trigger('stations_dashboard_delete', 'before delete', 'stations', 'dashboard_station_delete');
  } else {
    const trigger = (name: string, when: string, statements: string[]) =>
      sql.raw(`create trigger ${name} ${when} begin\n${body(statements)}\nend`).execute(db);
    await trigger('reports_dashboard_insert', 'after insert on reports', onReportInsert);
    await trigger('reports_dashboard_insert_readiness', `after insert on reports when new.form_kind = 'readiness'`, [
      ...readiness('new.election_id', 'new.station_id'),
    ]);
    await trigger('reports_dashboard_delete', 'after delete on reports', onReportDelete);
    await trigger('reports_dashboard_delete_readiness', `after delete on reports when old.form_kind = 'readiness'`, [
      ...readiness('old.election_id', 'old.station_id'),
    ]);
    await trigger('reports_dashboard_move', `after update on reports when ${reportMoved}`, onReportMove);
    await trigger(
      'reports_dashboard_flags',
      `after update of flags on reports when ${changed('flags')}`,
      flagCodes('new.id', 'new.election_id', 'new.flags'),
    );
    await trigger(
      'reports_dashboard_heard',
      `after update of updated_at on reports when ${changed('updated_at')}`,
      heardUp('new.election_id', 'new.observer_id', 'new.updated_at'),
    );
    await trigger('reports_dashboard_update_readiness', `after update on reports when old.form_kind = 'readiness'`, [
      ...readiness('old.election_id', 'old.station_id'),
    ]);
    await trigger(
      'reports_dashboard_update_readiness_new',
      `after update on reports when new.form_kind = 'readiness' and (${reportMoved})`,
      readiness('new.election_id', 'new.station_id'),
    );
    await trigger(
      'report_revisions_dashboard',
      `after insert on report_revisions when exists (select 1 from reports x_r where x_r.id = new.report_id and x_r.form_kind = 'readiness')`,
      revisionReadiness,
    );
    await trigger('assignments_dashboard_insert', 'after insert on assignments', assignUp);
    await trigger('assignments_dashboard_delete', 'after delete on assignments', assignDown);
    await trigger(
      'assignments_dashboard_update',
      `after update on assignments when ${['election_id', 'station_id', 'shift'].map(changed).join(' or ')}`,
      [...assignDown, ...assignUp],
    );
    await trigger(
      'stations_dashboard_insert',
      'after insert on stations',
      markUp('new.election_id', 'new.id', `'station'`),
    );
    await trigger(
      'stations_dashboard_update',
      `after update of area_id on stations when ${changed('area_id')}`,
      moveStation('new.election_id', 'new.id', 'old.area_id', 'new.area_id'),
    );
    await trigger(
      'stations_dashboard_delete',
      'before delete on stations',
      moveStation('old.election_id', 'old.id', 'old.area_id', null),
    );
  }

  // What is already stored.
  await sql`insert into station_marks (election_id, mark, station_id, n)
    select election_id, 'station', id, 1 from stations`.execute(db);
  await sql`insert into station_marks (election_id, mark, station_id, n)
    select election_id, 'r:' || form_kind, station_id, count(*) from reports group by election_id, form_kind, station_id`.execute(
    db,
  );
  await sql`insert into station_marks (election_id, mark, station_id, n)
    select election_id, 'a:' || shift, station_id, count(*) from assignments group by election_id, shift, station_id`.execute(
    db,
  );
  await sql`insert into area_marks (election_id, area_id, mark, stations)
    select m.election_id, st.area_id, m.mark, count(*) from station_marks m join stations st on st.id = m.station_id
    group by m.election_id, st.area_id, m.mark`.execute(db);
  await sql
    .raw(`insert into report_buckets (election_id, area_id, bucket, n)
    select r.election_id, st.area_id, ${bucketOf('r.created_at')}, count(*) from reports r join stations st on st.id = r.station_id
    group by r.election_id, st.area_id, ${bucketOf('r.created_at')}`)
    .execute(db);
  await sql
    .raw(
      pg
        ? `insert into report_flag_codes (election_id, code, report_id)
        select distinct r.election_id, f ->> 'code', r.id from reports r cross join jsonb_array_elements(r.flags) f
        where f ->> 'code' is not null`
        : `insert or ignore into report_flag_codes (election_id, code, report_id)
        select r.election_id, json_extract(f.value, '$.code'), r.id from reports r, json_each(r.flags) f
        where r.flags <> '[]' and json_extract(f.value, '$.code') is not null`,
    )
    .execute(db);
  await sql`insert into observer_heard (election_id, observer_id, last_report_at)
    select election_id, observer_id, max(updated_at) from reports group by election_id, observer_id`.execute(db);
  await sql`insert into readiness_latest (election_id, station_id, report_id)
    select r.election_id, r.station_id, r.id from reports r
    where r.form_kind = 'readiness' and not exists (select 1 from reports r2 where r2.election_id = r.election_id
      and r2.form_kind = 'readiness' and r2.station_id = r.station_id
      and (r2.updated_at > r.updated_at or (r2.updated_at = r.updated_at and r2.id > r.id)))`.execute(db);
  await sql
    .raw(`insert into readiness_answers (election_id, station_id, question_id, value) ${answersOf('1 = 1')}`)
    .execute(db);
  await sql`insert into readiness_answer_counts (election_id, area_id, question_id, value, stations)
    select x.election_id, st.area_id, x.question_id, x.value, count(*)
    from readiness_answers x join stations st on st.id = x.station_id
    group by x.election_id, st.area_id, x.question_id, x.value`.execute(db);
}
