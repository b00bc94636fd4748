// Imports 100,000 polling stations from a CSV file (Windows-1251, `;`, as HQs receive them) through
// the same service the API and CLI use: parse, validate, plan, then one transaction. Runs on SQLite
// in a file and on PostgreSQL (BENCH_DATABASE_URL, default the local test database, in a scratch
// schema). Then imports the same file again (all unchanged) and a dry run. Prints rows/s.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest, openDatabase, Store } from '@pollwatch/db';
import iconv from 'iconv-lite';
import pg from 'pg';
import { ElectionsService } from '../../apps/server/src/elections/elections.service.ts';
import { ImportsService } from '../../apps/server/src/imports/imports.service.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const REGIONS = 20;
const DISTRICTS = 10;
const pgUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const dir = mkdtempSync(join(tmpdir(), 'pw-bench-import-'));

const areasCsv = ['code;parent;level;nameRu;nameKk'];
areasCsv.push('KZ;;country;Казахстан;Қазақстан');
for (let r = 0; r < REGIONS; r++) {
  areasCsv.push(`R${r};KZ;region;Область ${r};${r} облысы`);
  for (let d = 0; d < DISTRICTS; d++) areasCsv.push(`R${r}-D${d};R${r};district;Район ${r}-${d};${r}-${d} ауданы`);
}
const areasFile = join(dir, 'areas.csv');
writeFileSync(areasFile, `${areasCsv.join('\r\n')}\r\n`);

const lines = ['Регион;Район;№ участка;Адрес;Число избирателей;Телефон комиссии'];
for (let i = 0; i < ROWS; i++) {
  const region = i % REGIONS;
  const number = Math.floor(i / REGIONS) + 1;
  lines.push(
    `R${region};R${region}-D${number % DISTRICTS};${number};"г. Город ${region}, ул. Школьная, д. ${i % 300}; школа № ${number}";${800 + (i % 2000)};+7 700 000 ${String(i % 10000).padStart(4, '0')}`,
  );
}
const stationsFile = join(dir, 'stations.csv');
writeFileSync(stationsFile, iconv.encode(`${lines.join('\r\n')}\r\n`, 'win1251'));

async function bench(label: string, open: () => ReturnType<typeof openDatabase>, cleanup?: () => Promise<void>) {
  const db = open();
  try {
    await migrateToLatest(db.kysely);
    const store = Store.over(db);
    const now = () => new Date();
    const election = await new ElectionsService(store, now).create(null, {
      name: { ru: 'Бенчмарк' },
      kind: 'presidential',
      votingDate: '2022-11-20',
      timeZone: 'Asia/Almaty',
    });
    const imports = new ImportsService(store, dir, now);
    await imports.importFile(null, { kind: 'areas', path: areasFile, options: {} }, false);
    const memoryBefore = process.memoryUsage().rss;
    for (const [step, dryRun] of [
      ['first import', false],
      ['same file again (all unchanged)', false],
      ['dry run', true],
    ] as const) {
      const started = performance.now();
      const report = await imports.importFile(
        null,
        { kind: 'stations', path: stationsFile, electionId: election.id, options: {} },
        dryRun,
      );
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `${label} ${step}: ${report.rows} rows in ${seconds.toFixed(2)} s = ${Math.round(report.rows / seconds)} rows/s ` +
          `(added ${report.added}, unchanged ${report.unchanged}, rejected ${report.rejected}); ` +
          `rss +${Math.round((process.memoryUsage().rss - memoryBefore) / 1e6)} MB`,
      );
    }
  } finally {
    await db.close();
    await cleanup?.();
  }
}

console.log(
  `${ROWS} stations, Windows-1251 CSV of ${(Buffer.byteLength(lines.join('\r\n')) / 1e6).toFixed(1)} MB (UTF-8 size)`,
);
await bench('sqlite', () => openDatabase({ sqliteFile: join(dir, 'bench.db') }));

const schema = `bench_import_${process.pid}`;
const admin = new pg.Client({ connectionString: pgUrl });
try {
  await admin.connect();
  await admin.query(`create schema ${schema}`);
} catch (error) {
  console.log(`postgres: skipped (${(error as Error).message}); set BENCH_DATABASE_URL`);
  process.exit(0);
}
await bench(
  'postgres',
  () => openDatabase({ databaseUrl: pgUrl, searchPath: schema }),
  async () => {
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  },
);
