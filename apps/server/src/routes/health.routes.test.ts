import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest, migrations, Store } from '@pollwatch/db';
import { createTestDb, testDialects } from '@pollwatch/db/testing';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';

describe('health probes', () => {
  for (const dialect of testDialects) {
    it(`is live at once, and ready only when the schema is current [${dialect}]`, async () => {
      const db = await createTestDb(dialect, { migrate: false });
      const config = loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'pw-health-')), LOG_LEVEL: 'silent' });
      const { app } = await buildApp({ store: Store.over(db), config, logger: false });
      try {
        expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
        const pending = await app.inject({ url: '/readyz' });
        expect(pending.statusCode).toBe(503);
        expect(pending.json().error).toMatchObject({
          code: 'not_ready',
          details: { pending: Object.keys(migrations).length },
        });
        await migrateToLatest(db.kysely);
        const ready = await app.inject({ url: '/readyz' });
        expect(ready.statusCode).toBe(200);
        expect(ready.json()).toEqual({ status: 'ready' });
        await db.close();
        const down = await app.inject({ url: '/readyz' });
        expect(down.statusCode).toBe(503);
        expect(down.json().error.message).toBe('database unavailable');
      } finally {
        await app.close();
        await db.dispose().catch(() => {});
      }
    });
  }
});
