import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DatabaseConfig, migrateToLatest, openDatabase } from '@pollwatch/db';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { seedElection } from '../testing/election-fixture.ts';
import { officialResultsFile, TWO_CANDIDATES } from '../testing/official-results-fixture.ts';
import { startTestApp } from '../testing/test-app.ts';
import { ResultsAnalysisService } from './results-analysis.service.ts';

const postgresUrl = process.env.TEST_DATABASE_URL;

/** Where a worker thread can open its own connection: a SQLite file, or a PostgreSQL schema. */
async function databases(): Promise<{ name: string; config: DatabaseConfig; drop: () => Promise<void> }[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pw-analysis-'));
  const list = [
    {
      name: 'sqlite file',
      config: { sqliteFile: join(dir, 'pollwatch.db') } as DatabaseConfig,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    },
  ];
  if (postgresUrl) {
    const schema = `pw_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    list.push({
      name: 'postgres',
      config: { databaseUrl: postgresUrl, searchPath: schema },
      drop: async () => {
        const c = new pg.Client({ connectionString: postgresUrl });
        await c.connect();
        await c.query(`drop schema if exists ${schema} cascade`);
        await c.end();
      },
    });
  }
  return list;
}

describe('results analysis on a worker thread with its own database connection', () => {
  it('gives what the streamed analysis gives, caches it, and recomputes after an import', async () => {
    for (const { name, config, drop } of await databases()) {
      const db = openDatabase(config);
      await migrateToLatest(db.kysely);
      const t = await startTestApp({ ...db, dispose: () => db.close() });
      try {
        const admin = await t.setupAdmin();
        const { electionId } = await seedElection(t, admin, { election: { ballotOptions: TWO_CANDIDATES } });
        const importRows = (rows: number[][]) =>
          t.importFile({ kind: 'results', file: officialResultsFile(rows), cookie: admin, electionId });
        await importRows([
          [1, 1000, 1000, 600, 400, 600, 10, 400, 190],
          [2, 1000, 1000, 500, 500, 500, 0, 250, 250],
          [3, 1000, 1000, 700, 300, 700, 20, 600, 80],
        ]);

        const own = new ResultsAnalysisService(t.store, config);
        const streamed = new ResultsAnalysisService(t.store);
        const first = await own.analysis(electionId);
        expect(first.stations, name).toBe(3);
        expect(first).toEqual(await streamed.analysis(electionId));
        expect(first.analysis?.totals.options.a?.votes).toBe(1250);
        // Cached: the same summary, not a new computation.
        expect((await own.analysis(electionId)).analysis).toBe(first.analysis);

        // An import changes the version: the next request computes afresh.
        await importRows([[3, 1000, 1000, 700, 300, 700, 20, 500, 180]]);
        const after = await own.analysis(electionId);
        expect(after.analysis).not.toBe(first.analysis);
        expect(after.analysis?.totals.options.a?.votes).toBe(1150);
      } finally {
        await t.close();
        await drop();
      }
    }
  }, 60_000);
});
