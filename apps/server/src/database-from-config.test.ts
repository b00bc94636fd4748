import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest } from '@pollwatch/db';
import { describe, expect, it } from 'vitest';
import { loadConfig, sqliteFileFor } from './config.ts';
import { openConfiguredDatabase } from './database-from-config.ts';

describe('the SQLite data files (issue 21)', () => {
  it('are readable by the server account only (0600), the WAL too, whatever the umask', async () => {
    const config = loadConfig({ DATA_DIR: join(mkdtempSync(join(tmpdir(), 'pollwatch-files-')), 'data') });
    const db = openConfiguredDatabase(config);
    try {
      await migrateToLatest(db.kysely);
      const file = sqliteFileFor(config);
      for (const path of [file, `${file}-wal`, `${file}-shm`]) {
        if (existsSync(path)) expect(statSync(path).mode & 0o077, path).toBe(0);
      }
      expect(existsSync(`${file}-wal`)).toBe(true);
      expect(statSync(config.dataDir).mode & 0o077).toBe(0);
    } finally {
      await db.close();
    }
  });
});
