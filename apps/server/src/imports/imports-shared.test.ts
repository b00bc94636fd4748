import { createHash } from 'node:crypto';
import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.ts';

const AREAS = 'code;parent;level;nameRu\nKZ;;country;Казахстан\nAST;KZ;region;Астана\n';

/**
 * Issue 23: with several processes or hosts the upload waits for its apply in the shared blob
 * store, not on the disk of the host that took it. Two apps on one database, each with its own
 * data folder, stand for two hosts.
 */
describeEachDialect('import uploads shared between hosts (issue 23)', (db) => {
  let a: TestApp;
  let b: TestApp;
  let admin: string;
  beforeEach(async () => {
    // Sessions outlive the day the expiry test moves the clock by.
    const env = { BLOB_STORE: 'database', STAFF_SESSION_HOURS: '48' };
    a = await startTestApp(db(), env);
    b = await startTestApp(db(), env);
    admin = await a.setupAdmin();
  });
  afterEach(async () => {
    await a.close();
    await b.close();
  });

  const call = (t: TestApp, id: string, step: 'dry-run' | 'apply', mapping: Record<string, string>) =>
    t.request({ method: 'POST', url: `/api/v1/imports/${id}/${step}`, cookie: admin, body: { mapping } });

  it('a file previewed on one host is dry-run and applied on another, then deleted everywhere', async () => {
    const preview = await a.uploadImport({ kind: 'areas', file: Buffer.from(AREAS), cookie: admin });
    const dry = await call(b, preview.id, 'dry-run', preview.suggestedMapping);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ applied: false, added: 2, rejected: 0 });
    const applied = await call(b, preview.id, 'apply', preview.suggestedMapping);
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json()).toMatchObject({ applied: true, added: 2 });
    const areas = await a.request({ method: 'GET', url: '/api/v1/areas', cookie: admin });
    expect(
      areas
        .json()
        .items.map((x: { code: string }) => x.code)
        .sort(),
    ).toEqual(['AST', 'KZ']);
    // Nothing kept in the shared store after the apply.
    expect(await db().kysely.selectFrom('blob_chunks').select('sha256').execute()).toEqual([]);
    expect(await db().kysely.selectFrom('imports').select('file_sha256').execute()).toEqual([{ file_sha256: null }]);
  });

  it('never deletes a photo whose bytes an upload repeats: the store keeps one copy per SHA-256', async () => {
    // An insider uploads a photo's exact bytes as an import; releasing the upload's copy after the
    // apply must leave the photo (evidence) in place.
    const bytes = Buffer.from(AREAS);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const preview = await a.uploadImport({ kind: 'areas', file: bytes, cookie: admin });
    await db()
      .kysely.insertInto('photos')
      .values({
        sha256,
        size_bytes: bytes.length,
        received_bytes: bytes.length,
        content_type: 'image/jpeg',
        uploaded_by: null,
        created_at: new Date().toISOString(),
        completed_at: new Date().toISOString(),
      })
      .execute();
    const applied = await call(b, preview.id, 'apply', preview.suggestedMapping);
    expect(applied.statusCode, applied.body).toBe(200);
    const kept = await db().kysely.selectFrom('blob_chunks').select('sha256').distinct().execute();
    expect(kept).toEqual([{ sha256 }]);
  });

  it('an upload left waiting expires after a day: the next upload deletes it, and its apply is refused', async () => {
    const stale = await a.uploadImport({ kind: 'areas', file: Buffer.from(AREAS), cookie: admin });
    a.advance(25 * 3600_000);
    b.advance(25 * 3600_000);
    const fresh = await a.uploadImport({
      kind: 'areas',
      file: Buffer.from(`${AREAS}ALA;KZ;region;Алматы\n`),
      cookie: admin,
    });
    const refused = await call(b, stale.id, 'apply', stale.suggestedMapping);
    expect(refused.statusCode).toBe(404);
    expect(refused.json().error.code).toBe('not_found');
    // The fresh one is still there for any host.
    const applied = await call(b, fresh.id, 'apply', fresh.suggestedMapping);
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json()).toMatchObject({ added: 3 });
  });
});
