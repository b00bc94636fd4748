import { createCipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { migrationDataKeys } from '../migration-context.ts';

// Issue 21, personal data at rest, for the message channels (issue 22). An observer's address on a
// channel (a phone number for SMS, a chat id for Telegram) was stored in clear in
// `channel_identities.address` and `channel_conversations.address`; the message log's `sender_hash`
// and the throttle keys of message senders and join-form phones were a plain SHA-256 of the number,
// which anyone can reverse by trying the 10^10 mobile numbers.
// Now, in both address tables, the address is sealed (`address_sealed`, a `pw1` envelope, the
// column's name `<table>.address` as additional data) and looked up by a keyed blind index: the
// former `address` column is renamed `address_hash` (keeping its primary key), holding
// `HMAC(index key, "channel:<channel>\0<address>")`, and `pii_key` names the key (rotate-keys pages
// through it). Old `sender_hash` values become `HMAC(index key, "sender-legacy\0<old hash>")`: one
// sender's old lines still group together, and the value no longer gives the number away. The old
// throttle rows of phones are dropped (they only count failures of the last minutes).
// Rows already stored are sealed here with the active data key, as 20261208050000 does; with rows to
// seal and no key this migration stops before changing anything. SQLite: the log is checkpointed
// and truncated at the end, so no page with a clear address stays in the WAL.
// The envelope and index are this file's own copy of the v1 format (frozen with it).
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

async function count(db: Kysely<any>, table: string): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function sealAddresses(db: Kysely<any>, table: string, key: V1Key): Promise<void> {
  // Rows not yet sealed have no pii_key; each update sets it, so the next page starts again from the top.
  for (;;) {
    const rows: { channel: string; address: string }[] = await db
      .selectFrom(table)
      .select(['channel', 'address'])
      .where('pii_key', 'is', null)
      .orderBy('channel')
      .orderBy('address')
      .limit(PAGE)
      .execute();
    for (const row of rows) {
      await db
        .updateTable(table)
        .set({
          address: blindIndex(key, row.address, `channel:${row.channel}`),
          address_sealed: seal(key, row.address, `${table}.address`),
          pii_key: key.id,
        })
        .where('channel', '=', row.channel)
        .where('address', '=', row.address)
        .execute();
    }
    if (rows.length < PAGE) break;
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  // Checked before any change: SQLite has no transactional DDL.
  const pending =
    (await count(db, 'channel_identities')) +
    (await count(db, 'channel_conversations')) +
    (await count(db, 'channel_messages'));
  const keys = migrationDataKeys();
  if (pending > 0 && !keys) {
    throw new Error(
      `${pending} message channel rows hold phone numbers or chats in clear (or hashed without a key) and need ` +
        'the data key to seal them: set DATA_KEYS or DATA_KEY_FILE (README, "Personal data at rest") and run again',
    );
  }
  const key = pending > 0 && keys ? activeKey(keys) : undefined;

  for (const table of ['channel_identities', 'channel_conversations']) {
    await db.schema.alterTable(table).addColumn('address_sealed', 'text').execute();
    await db.schema.alterTable(table).addColumn('pii_key', 'text').execute();
    if (key) await sealAddresses(db, table, key);
    await db.schema.alterTable(table).renameColumn('address', 'address_hash').execute();
    await db.schema
      .createIndex(`${table}_pii_key_idx`)
      .on(table)
      .columns(['pii_key', 'channel', 'address_hash'])
      .execute();
  }

  if (key) {
    let after: string | undefined;
    for (;;) {
      const rows: { id: string; sender_hash: string }[] = await db
        .selectFrom('channel_messages')
        .select(['id', 'sender_hash'])
        .$if(after !== undefined, (q) => q.where('id', '>', after as string))
        .orderBy('id')
        .limit(PAGE)
        .execute();
      for (const row of rows) {
        await db
          .updateTable('channel_messages')
          .set({ sender_hash: blindIndex(key, row.sender_hash, 'sender-legacy').slice(0, 22) })
          .where('id', '=', row.id)
          .execute();
      }
      const last = rows.at(-1);
      if (!last || rows.length < PAGE) break;
      after = last.id;
    }
  }
  await db.deleteFrom('sign_in_failures').where('scope', '=', 'message-sender').execute();
  await db.deleteFrom('join_attempts').where('scope', '=', 'join-phone').execute();

  // The log would otherwise keep the pages as they were before, clear values included.
  if (!pg) await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
}
