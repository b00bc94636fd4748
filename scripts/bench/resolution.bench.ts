// The resolution builder on an election of national size (issue 18, Performance: under 10 s from a
// 10,000-station election). The election is written in bulk straight into the tables: 10,000
// stations in 20 regions, observers assigned to 80 % of them, readiness visits (a tenth with a
// finding), opening reports, 1,500 incidents (half verified by the HQ), protocol copies with the
// official results of every station (5 % differing), 400 remarks. Then, through the real HTTP API,
// as the admin: a new version (the snapshot of the live data, hashed and stored), the version with
// its document model, and the DOCX and PDF with the 10,000-row station annex.
// Printed beside a baseline measured the same way in the same run: the dashboard's overview of the
// same election (the cheapest full-election figures the console shows).
//   BENCH_STATIONS=10000
//   BENCH_ONLY=sqlite|postgres
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test (a scratch schema, dropped after)
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newReportId } from '@pollwatch/core';
import { type Db, openDatabase, Store } from '@pollwatch/db';
import pg from 'pg';
import { QuickCountService } from '../../apps/server/src/analysis/quick-count.service.ts';
import { ResultsAnalysisService } from '../../apps/server/src/analysis/results-analysis.service.ts';
import { ElectionsService } from '../../apps/server/src/elections/elections.service.ts';
import { ReadinessService } from '../../apps/server/src/operations/readiness.service.ts';
import { insertRows } from '../../packages/db/src/bulk-insert.ts';
import { random, setUpHq } from './hq-setup.ts';
import { serveApp } from './voting-day-setup.ts';

const STATIONS = Number(process.env.BENCH_STATIONS ?? 10_000);
const REGIONS = 20;
const GOAL_MS = 10_000;
const pgUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

type Row = unknown[];

const categories = ['ballot_stuffing', 'carousel_voting', 'pressure_on_voters', 'observer_obstructed', 'other'];
const severities = ['low', 'medium', 'high'];

async function seed(db: Db, store: Store, electionId: string, regionIds: string[], adminId: string) {
  const k = db.kysely;
  const d = db.dialect;
  const rnd = random(18);
  const bool = (b: boolean) => (d === 'postgres' ? b : b ? 1 : 0);
  const at = new Date(Date.now() - 86_400_000).toISOString();
  const forms = new Map<string, { id: string; version: number }>();
  for (const f of await store.forms.listByElection(electionId)) {
    const v = (await store.forms.versions(f.id))
      .filter((x) => x.status === 'published')
      .sort((a, b) => b.version - a.version)[0];
    if (v && !forms.has(f.kind)) forms.set(f.kind, { id: f.id, version: v.version });
  }

  const stations: { id: string; regionId: string; number: number }[] = [];
  const stationRows: Row[] = [];
  for (let i = 0; i < STATIONS; i++) {
    const regionId = regionIds[i % REGIONS] as string;
    const number = Math.floor(i / REGIONS) + 1;
    const id = randomUUID();
    stations.push({ id, regionId, number });
    const address = `ул. Школьная, ${number}`;
    stationRows.push([
      id,
      electionId,
      regionId,
      regionId,
      number,
      address,
      1000,
      address.toLowerCase(),
      bool(false),
      at,
      at,
    ]);
  }
  await insertRows(
    k,
    d,
    'stations',
    [
      'id',
      'election_id',
      'area_id',
      'region_id',
      'number',
      'address',
      'registered_voters',
      'search_text',
      'is_demo',
      'created_at',
      'updated_at',
    ],
    stationRows,
  );

  const observers: string[] = [];
  const userRows: Row[] = [];
  for (let i = 0; i < STATIONS / 2; i++) {
    const id = randomUUID();
    observers.push(id);
    userRows.push([id, 'observer', null, null, `Наблюдатель ${i}`, 'ru', 'active', at, at, null]);
  }
  await insertRows(
    k,
    d,
    'users',
    ['id', 'role', 'email', 'password_hash', 'display_name', 'locale', 'status', 'created_at', 'updated_at', 'area_id'],
    userRows,
  );
  const covered = stations.filter((_, i) => i % 5 !== 0);
  const observerOf = (i: number) => observers[i % observers.length] as string;
  await insertRows(
    k,
    d,
    'assignments',
    ['id', 'election_id', 'observer_id', 'station_id', 'shift', 'created_by', 'created_at'],
    covered.map((s, i) => [randomUUID(), electionId, observerOf(i), s.id, 'voting_day', adminId, at]),
  );

  let seq = 0;
  const reports: Row[] = [];
  const revisions: Row[] = [];
  const incidents: string[] = [];
  const report = (kind: string, stationId: string, observerId: string, answers: Record<string, unknown>) => {
    const form = forms.get(kind);
    if (!form) throw new Error(`no published ${kind} form`);
    const id = newReportId();
    reports.push([id, electionId, stationId, form.id, kind, observerId, 'web', 1, '[]', at, at]);
    seq++;
    revisions.push([
      id,
      1,
      form.version,
      JSON.stringify(answers),
      '[]',
      '[]',
      null,
      at,
      seq,
      seq.toString(16).padStart(64, '0'),
    ]);
    if (kind === 'incident') incidents.push(id);
  };
  const lines = (a: number) => ({
    voters_on_lists: 1000,
    ballots_received: 1000,
    voters_received_ballots: 600,
    ballots_cancelled: 400,
    voters_took_part: 600,
    invalid_ballots: 10,
    option_c1: a,
    option_c2: 590 - a,
  });
  covered.forEach((s, i) => {
    const o = observerOf(i);
    if (i % 4 !== 3) {
      report('readiness', s.id, o, {
        check_date: '2026-11-05',
        station_open: true,
        commission_present: true,
        members_present: 5,
        voter_lists_available: true,
        candidate_info_posted: true,
        booths_in_place: true,
        boxes_in_place: true,
        accessible: rnd() > 0.1,
        cameras: rnd() > 0.05 ? 'yes' : 'no',
        premises_fit: true,
      });
    }
    report('opening', s.id, o, {
      arrival_time: '06:45',
      admitted: true,
      opened_on_time: true,
      opening_time: '07:00',
      boxes_empty_sealed: true,
    });
    if (i < 1500) {
      report('incident', s.id, o, {
        category: categories[i % categories.length],
        severity: severities[i % severities.length],
        incident_time: '10:30',
        description: `Нарушение на участке № ${s.number}: описание наблюдателя`,
        complaint_filed: false,
      });
    }
    report('protocol', s.id, o, lines(300));
  });
  await insertRows(
    k,
    d,
    'reports',
    [
      'id',
      'election_id',
      'station_id',
      'form_id',
      'form_kind',
      'observer_id',
      'channel',
      'latest_revision',
      'flags',
      'created_at',
      'updated_at',
    ],
    reports,
  );
  await insertRows(
    k,
    d,
    'report_revisions',
    [
      'report_id',
      'revision',
      'form_version',
      'answers',
      'photos',
      'flags',
      'client_time',
      'received_at',
      'chain_seq',
      'chain_hash',
    ],
    revisions,
  );
  await store.reports.setChainHead({ seq, hash: seq.toString(16).padStart(64, '0') });
  // Half the incidents verified by the HQ (the queue's rows are made by the schema's triggers).
  const verified = incidents.filter((_, i) => i % 2 === 0);
  for (let i = 0; i < verified.length; i += 500) {
    await k
      .updateTable('report_verifications')
      .set({ status: 'verified', decided_by: adminId, decided_at: at })
      .where('report_id', 'in', verified.slice(i, i + 500))
      .execute();
  }
  await insertRows(
    k,
    d,
    'official_results',
    ['election_id', 'station_id', 'lines', 'imported_at'],
    stations.map((s, i) => [electionId, s.id, JSON.stringify(lines(i % 20 === 0 ? 320 : 300)), at]),
  );
  await store.remarks.create(
    stations.slice(0, 400).map((s, i) => ({
      id: randomUUID(),
      electionId,
      commissionLevel: 'precinct' as const,
      areaId: s.regionId,
      stationId: s.id,
      origin: 'readiness' as const,
      title: i % 2 ? 'Нет пандуса у входа' : 'Не вывешена информация о кандидатах',
      body: 'Замечание штаба по итогам посещения участка',
      legalBasis: 'ст. 41',
      batchId: null,
      evidence: [],
    })),
    adminId,
    new Date(),
  );
  return { reports: reports.length, remarks: 400, incidents: incidents.length };
}

async function run(label: string, db: Db, dir: string) {
  const { app, base } = await serveApp(db, dir);
  try {
    const hq = await setUpHq(base, {
      electionName: { ru: 'Бенчмарк резолюции', kk: 'Қарар бенчмаркі' },
      votingDate: '2026-11-10',
      candidates: 2,
      regions: REGIONS,
    });
    const { call, admin, regionIds } = hq;
    const election = { id: hq.electionId };
    const json = (bytes: Uint8Array) => JSON.parse(Buffer.from(bytes).toString()) as any;
    const t0 = performance.now();
    const counts = await seed(db, Store.over(db), election.id, regionIds, hq.adminId);
    console.log(
      `${label}: seeded ${STATIONS} stations, ${counts.reports} reports, ${counts.incidents} incidents, ${counts.remarks} remarks in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
      const start = performance.now();
      const result = await work();
      return [result, performance.now() - start];
    };
    // Warm-up: the first document loads pdf-lib, docx and the fonts; the overview warms the caches.
    await call('GET', `/api/v1/elections/${election.id}/overview`, undefined, admin);
    const [, overviewMs] = await timed(() =>
      call('GET', `/api/v1/elections/${election.id}/overview`, undefined, admin),
    );
    // Twice: the first build in a server process also loads docx, pdf-lib and the fonts (cold);
    // the second is what every later build costs (warm).
    const build = async () => {
      const [created, createMs] = await timed(() =>
        call('POST', `/api/v1/elections/${election.id}/resolutions`, { kind: 'final' }, admin),
      );
      const id = json(created.bytes).id as string;
      const [detail, detailMs] = await timed(() =>
        call('GET', `/api/v1/resolutions/${id}?locale=ru`, undefined, admin),
      );
      const [docx, docxMs] = await timed(() =>
        call('GET', `/api/v1/resolutions/${id}/document?format=docx&locale=kk`, undefined, admin),
      );
      const [pdf, pdfMs] = await timed(() =>
        call('GET', `/api/v1/resolutions/${id}/document?format=pdf&locale=ru`, undefined, admin),
      );
      return { detail, docx, pdf, createMs, detailMs, docxMs, pdfMs };
    };
    const ms = (v: number) => `${Math.round(v).toLocaleString('en')} ms`.padStart(10);
    console.log(`${label}: baseline overview (dashboard)     ${ms(overviewMs)}`);
    for (const phase of ['cold', 'warm']) {
      const { detail, docx, pdf, createMs, detailMs, docxMs, pdfMs } = await build();
      const annex = json(detail.bytes).document.annex.rows.length;
      const total = createMs + detailMs + docxMs + pdfMs;
      console.log(`${label} ${phase}: new version (snapshot + store)    ${ms(createMs)}`);
      console.log(`${label} ${phase}: version + document model          ${ms(detailMs)}  (${annex} annex rows)`);
      console.log(
        `${label} ${phase}: DOCX (kk)                          ${ms(docxMs)}  (${(docx.bytes.length / 1e6).toFixed(1)} MB)`,
      );
      console.log(
        `${label} ${phase}: PDF (ru)                           ${ms(pdfMs)}  (${(pdf.bytes.length / 1e6).toFixed(1)} MB)`,
      );
      console.log(
        `${label} ${phase}: resolution built, all four          ${ms(total)}  goal < ${GOAL_MS / 1000} s: ${total < GOAL_MS ? 'met' : 'MISSED'} (${(total / overviewMs).toFixed(0)}x the overview)`,
      );
    }
    if (process.env.BENCH_DETAIL) await snapshotParts(db, election.id, hq.adminId);
  } finally {
    await app.close();
  }
}

/** Where the snapshot's time goes: each source it reads, alone (BENCH_DETAIL=1). */
async function snapshotParts(db: Db, electionId: string, userId: string) {
  const store = Store.over(db);
  const now = () => new Date();
  const elections = new ElectionsService(store, now);
  const readiness = new ReadinessService(store, elections, now);
  const analysis = new ResultsAnalysisService(store);
  const quickCount = new QuickCountService(store, now);
  const user = await store.users.findById(userId);
  if (!user) return;
  const actor = { user, audited: false };
  const parts: [string, () => Promise<unknown>][] = [
    ['readiness view (all stations)', () => readiness.view(actor, electionId, { limit: 1_000_000 })],
    ['incident counts', () => store.resolutionData.incidentCounts(electionId)],
    ['station annex counts', () => store.resolutionData.stationAnnex(electionId)],
    ['protocol comparison', () => analysis.comparison(electionId)],
    ['counted protocol copies', () => store.reports.countedProtocolCopies(electionId)],
    ['results analysis', () => analysis.analysis(electionId)],
    ['quick count state', () => quickCount.state(electionId)],
    ['remarks', () => store.remarks.listForElection(electionId, { kind: 'all' })],
  ];
  for (const [name, work] of parts) {
    const start = performance.now();
    await work();
    console.log(`  snapshot part: ${name.padEnd(32)} ${Math.round(performance.now() - start)} ms`);
  }
}

async function onSqlite() {
  const dir = mkdtempSync(join(tmpdir(), 'pw-bench-resolution-'));
  const db = openDatabase({ sqliteFile: join(dir, 'pollwatch.db') });
  try {
    await run('sqlite', db, dir);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function onPostgres() {
  const schema = `bench_resolution_${process.pid}`;
  const client = new pg.Client({ connectionString: pgUrl });
  try {
    await client.connect();
    await client.query(`create schema ${schema}`);
  } catch (error) {
    console.log(`postgres: skipped (${(error as Error).message}); set BENCH_DATABASE_URL`);
    return;
  }
  const db = openDatabase({ databaseUrl: pgUrl, searchPath: schema });
  const dir = mkdtempSync(join(tmpdir(), 'pw-bench-resolution-'));
  try {
    await run('postgres', db, dir);
  } finally {
    await db.close();
    await client.query(`drop schema ${schema} cascade`);
    await client.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

const only = process.env.BENCH_ONLY;
if (!only || only === 'sqlite') await onSqlite();
if (!only || only === 'postgres') await onPostgres();
process.exit(0);
