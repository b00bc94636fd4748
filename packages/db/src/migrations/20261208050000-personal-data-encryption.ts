import { createCipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { migrationDataKeys } from '../migration-context.ts';

// Issue 21, personal data at rest. Applicants' phones, IINs and identity-document numbers become
// AES-256-GCM envelopes in their own columns (`pw1:<key id>:<base64url(iv‖ciphertext‖tag)>`, the
// column name as additional data), with keyed HMAC "blind indexes" for the lookups that need
// equality (an SMS sender's phone, duplicates by phone or IIN) and the key id in `pii_key`, which
// `pollwatch rotate-keys` pages through. The phone digits leave `search_text` (names only now).
// Rows already stored are encrypted here with the active data key the caller hands over; with rows
// to encrypt and no key this migration stops, so nothing is ever half-done or lost. SQLite: the
// log is checkpointed and truncated at the end, so no old page with a clear value stays in the WAL.
// The envelope and index are written by this file's own copy of the v1 format (frozen with it).
// Frozen once landed: change the schema with a new migration, never by editing this one.

const PAGE = 500;

interface V1Key {
  id: string;
  encrypt: Buffer;
  index: Buffer;
}

function activeKey(text: string): V1Key {
  const first = text
    .split('\n')
    .flatMap((line) => line.replace(/#.*$/, '').split(','))
    .map((entry) => entry.trim())
    .find(Boolean);
  const colon = first ? first.indexOf(':') : -1;
  const master = first && colon > 0 ? Buffer.from(first.slice(colon + 1).trim(), 'base64') : Buffer.alloc(0);
  if (!first || colon <= 0 || master.length !== 32)
    throw new Error('the active data key is not "id:<32 bytes base64>"');
  const info = (what: string) => Buffer.from(`pollwatch/v1/${what}`);
  return {
    id: first.slice(0, colon).trim(),
    encrypt: Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info('encrypt'), 32)),
    index: Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info('index'), 32)),
  };
}

function seal(key: V1Key, plain: string, column: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.encrypt, iv);
  cipher.setAAD(Buffer.from(column));
  const body = Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `pw1:${key.id}:${body.toString('base64url')}`;
}

function blindIndex(key: V1Key, value: string, purpose: string): string {
  return createHmac('sha256', key.index).update(`${purpose}\0${value}`).digest('base64url');
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  // Checked before any change: SQLite has no transactional DDL, and a half-applied migration
  // could not be run again.
  const pending = await db
    .selectFrom('applicants')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  const keys = migrationDataKeys();
  if (Number(pending.n) > 0 && !keys) {
    throw new Error(
      `${pending.n} applicants hold phones and IINs in clear and need the data key to encrypt them: ` +
        'set DATA_KEYS or DATA_KEY_FILE (README, "Personal data at rest") and run again',
    );
  }
  const key = Number(pending.n) > 0 && keys ? activeKey(keys) : undefined;

  await db.schema.alterTable('applicants').addColumn('phone_hash', 'text').execute();
  await db.schema.alterTable('applicants').addColumn('iin_hash', 'text').execute();
  await db.schema.alterTable('applicants').addColumn('pii_key', 'text').execute();

  if (key) {
    let after: string | undefined;
    for (;;) {
      const rows: { id: string; full_name: string; phone: string; iin: string | null; id_document: string | null }[] =
        await db
          .selectFrom('applicants')
          .select(['id', 'full_name', 'phone', 'iin', 'id_document'])
          .$if(after !== undefined, (q) => q.where('id', '>', after as string))
          .orderBy('id')
          .limit(PAGE)
          .execute();
      for (const row of rows) {
        await db
          .updateTable('applicants')
          .set({
            phone: seal(key, row.phone, 'applicants.phone'),
            phone_hash: blindIndex(key, row.phone, 'phone'),
            iin: row.iin === null ? null : seal(key, row.iin, 'applicants.iin'),
            iin_hash: row.iin === null ? null : blindIndex(key, row.iin, 'iin'),
            id_document: row.id_document === null ? null : seal(key, row.id_document, 'applicants.id_document'),
            pii_key: key.id,
            search_text: row.full_name.toLowerCase().replace(/ё/g, 'е'),
          })
          .where('id', '=', row.id)
          .execute();
      }
      const last = rows.at(-1);
      if (!last || rows.length < PAGE) break;
      after = last.id;
    }
  }

  await db.schema.dropIndex('applicants_phone_idx').execute();
  await db.schema.dropIndex('applicants_iin_idx').execute();
  await db.schema.createIndex('applicants_phone_hash_idx').on('applicants').column('phone_hash').execute();
  await db.schema.createIndex('applicants_iin_hash_idx').on('applicants').column('iin_hash').execute();
  await db.schema.createIndex('applicants_pii_key_idx').on('applicants').columns(['pii_key', 'id']).execute();
  // The log would otherwise keep the pages as they were before, clear values included.
  if (!pg) await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
}
