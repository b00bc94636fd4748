import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@pollwatch/db';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { seedVotingDay, serveApp } from '../../../../scripts/bench/voting-day-setup.ts';
import { loadConfig } from '../config.ts';
import { backup, restore } from './backup.ts';

const pgUrl = process.env.TEST_DATABASE_URL;

/** A data folder (and database) with three reports in the chain and one photo. */
async function populated(databaseUrl?: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'pollwatch-backup-src-'));
  const db = openDatabase({ databaseUrl, sqliteFile: join(dataDir, 'pollwatch.db') });
  const { app, base } = await serveApp(db, dataDir);
  try {
    const day = await seedVotingDay(base, 1);
    const observer = day.observers[0] as (typeof day.observers)[number];
    const headers = { 'content-type': 'application/json', cookie: observer.cookie, origin: base };
    for (let i = 0; i < 3; i++) {
      const r = await fetch(`${base}/api/v1/reports`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          id: randomUUID(),
          revision: 1,
          stationId: observer.stationId,
          formId: day.voting.formId,
          formVersion: day.voting.version,
          answers: day.answers,
        }),
      });
      expect(r.status).toBe(200);
    }
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]);
    const hash = createHash('sha256').update(photo).digest('hex');
    const url = `${base}/api/v1/photos/${hash}`;
    const begun = await fetch(url, {
      method: 'POST',
      headers: { cookie: observer.cookie, origin: base, 'upload-length': String(photo.length) },
    });
    expect(begun.status, await begun.text()).toBe(200);
    const sent = await fetch(url, {
      method: 'PATCH',
      headers: { ...headers, 'content-type': 'application/octet-stream', 'upload-offset': '0' },
      body: photo,
    });
    const status = (await sent.json()) as { complete: boolean };
    expect(status.complete, JSON.stringify(status)).toBe(true);
    return { dataDir, hash };
  } finally {
    await app.close();
    await db.close();
  }
}

describe('backup and restore (issue 21)', () => {
  it('SQLite: backs up while serving, restores into a new folder, and the chain and photos verify', async () => {
    const { dataDir, hash } = await populated();
    const dir = join(mkdtempSync(join(tmpdir(), 'pollwatch-backup-')), 'b1');
    const manifest = await backup(loadConfig({ DATA_DIR: dataDir }), dir);
    expect(manifest).toMatchObject({ dialect: 'sqlite', blobs: 1 });
    expect(statSync(join(dir, 'pollwatch.db')).mode & 0o077).toBe(0);
    expect(statSync(dir).mode & 0o077).toBe(0);

    const target = mkdtempSync(join(tmpdir(), 'pollwatch-restore-'));
    const report = await restore(loadConfig({ DATA_DIR: target }), dir);
    expect(report).toEqual({
      chain: { ok: true, entries: 3 },
      blobs: { checked: 1, damaged: [] },
      dataKeys: { ids: [] },
    });
    expect(existsSync(join(target, 'blobs', hash.slice(0, 2), hash))).toBe(true);
    // Never over a database in use.
    await expect(restore(loadConfig({ DATA_DIR: target }), dir)).rejects.toThrow(/not empty/);
    // A damaged photo in the backup is named.
    const damagedTarget = mkdtempSync(join(tmpdir(), 'pollwatch-restore-'));
    writeFileSync(join(dir, 'blobs', hash.slice(0, 2), hash), 'tampered');
    expect((await restore(loadConfig({ DATA_DIR: damagedTarget }), dir)).blobs.damaged).toEqual([hash]);
  }, 120_000);

  it.runIf(pgUrl)(
    'PostgreSQL: pg_dump into the folder, pg_restore into an empty database, chain verifies',
    async () => {
      const schema = `backup_${process.pid}_${Date.now()}`;
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      try {
        await client.query(`create schema ${schema}`);
        const url = new URL(pgUrl as string);
        url.searchParams.set('options', `-c search_path=${schema}`);
        const { dataDir } = await populated(url.toString());
        const dir = join(mkdtempSync(join(tmpdir(), 'pollwatch-backup-')), 'b1');
        expect(await backup(loadConfig({ DATA_DIR: dataDir, DATABASE_URL: url.toString() }), dir)).toMatchObject({
          dialect: 'postgres',
          blobs: 1,
        });
        expect(readdirSync(dir).sort()).toEqual(['backup.json', 'blobs', 'database.pgdump']);
        // The database is lost; a new empty one is made and the backup restored into it.
        await client.query(`drop schema ${schema} cascade`);
        const target = mkdtempSync(join(tmpdir(), 'pollwatch-restore-'));
        const report = await restore(loadConfig({ DATA_DIR: target, DATABASE_URL: url.toString() }), dir);
        expect(report).toEqual({
          chain: { ok: true, entries: 3 },
          blobs: { checked: 1, damaged: [] },
          dataKeys: { ids: [] },
        });
      } finally {
        await client.query(`drop schema if exists ${schema} cascade`);
        await client.end();
      }
    },
    120_000,
  );
});
