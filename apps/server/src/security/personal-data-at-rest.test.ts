import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DialectName } from '@pollwatch/db';
import {
  type ApplicantData,
  DataKeyError,
  DataKeyring,
  type Db,
  generateDataKeyLine,
  migrateToLatest,
  migrations,
  openDatabase,
  Store,
} from '@pollwatch/db';
import { createTestDb, TEST_DATA_KEYS, testDialects } from '@pollwatch/db/testing';
import { type Kysely, Migrator, PostgresAdapter, sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { backup, restore } from '../backup/backup.ts';
import { ChannelsService } from '../channels/channels.service.ts';
import { LogMessageSender } from '../channels/message-sender.ts';
import { loadConfig } from '../config.ts';
import type { IngestService } from '../reports/ingest.service.ts';
import { openServerDatabase, rotateDataKeys, verifyDataKeys } from './data-keys.ts';

// Issue 21, personal data at rest: phones, IINs and document numbers never in clear in the
// database (rows, the SQLite file and its log, a pg_dump), while sign-in by SMS sender and
// duplicate detection still work, rotation moves every row, and key trouble stops start-up.

const people = [
  { name: 'Айгерим Сапарова', phone: '+77011234567', iin: '900101400123', doc: 'N12345678' },
  { name: 'Ерлан Жумабаев', phone: '+77057654321', iin: '850505300456', doc: 'N87654321' },
  { name: 'Данияр Ахметов', phone: '+77011234567', iin: '920202300789', doc: null },
];

/** Every way a phone or IIN of `people` could appear in clear. */
function clearValues(): string[] {
  const values = new Set<string>();
  for (const p of people) {
    values.add(p.phone).add(p.phone.slice(1)).add(p.phone.slice(2)).add(p.iin);
    if (p.doc) values.add(p.doc);
  }
  return [...values];
}

function applicant(p: (typeof people)[number], userId: string | null = null): ApplicantData {
  return {
    electionId: null,
    fullName: p.name,
    phone: p.phone,
    email: null,
    iin: p.iin,
    birthDate: null,
    areaId: null,
    languages: ['ru'],
    availability: [],
    experience: null,
    referralSource: null,
    consentVersion: null,
    consentedAt: null,
    status: 'applied',
    statusReason: null,
    idDocument: p.doc,
    locale: 'ru',
    userId,
    source: 'join',
    mergedInto: null,
    anonymisedAt: null,
  };
}

async function seed(store: Store): Promise<string[]> {
  const userId = randomUUID();
  await store.users.create(
    { id: userId, role: 'observer', email: null, passwordHash: null, displayName: 'Observer', locale: 'ru' },
    new Date(),
  );
  const ids: string[] = [];
  for (const [i, p] of people.entries()) {
    const id = randomUUID();
    await store.applicants.create(id, applicant(p, i === 1 ? userId : null), new Date(Date.UTC(2026, 10, 1, 0, i)));
    ids.push(id);
  }
  return ids;
}

async function rawRows(db: Db): Promise<string> {
  const rows = await sql`select * from applicants`.execute(db.kysely);
  return JSON.stringify(rows.rows);
}

const noClearValueIn = (text: string) => {
  for (const value of clearValues()) expect(text, `"${value}" in clear`).not.toContain(value);
};

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function testDb(dialect: DialectName, options: { migrate?: boolean; dataKeys?: string } = {}) {
  const db = await createTestDb(dialect, options);
  cleanup.push(() => db.dispose());
  return db;
}

function postgresUrlOf(db: Db): string {
  const url = db.connection?.databaseUrl;
  if (!url) throw new Error('no PostgreSQL URL');
  return url;
}

for (const dialect of testDialects) {
  describe(`personal data at rest [${dialect}]`, () => {
    it('stores no phone, IIN or document number in clear, and still finds by phone and detects duplicates', async () => {
      const db = await testDb(dialect);
      const store = Store.over(db);
      const ids = await seed(store);

      const raw = await rawRows(db);
      noClearValueIn(raw);
      expect(raw).toContain(`pw1:${store.keyring.activeId}:`);
      if (dialect === 'postgres') {
        const dump = execFileSync('pg_dump', ['--data-only', '--table=applicants', postgresUrlOf(db)], {
          encoding: 'utf8',
        });
        expect(dump).toContain('Айгерим');
        noClearValueIn(dump);
      }

      // Read back in clear through the repository, the one place that opens them.
      const read = await store.applicants.findById(ids[0] as string);
      expect(read).toMatchObject({ phone: people[0]?.phone, iin: people[0]?.iin, idDocument: people[0]?.doc });
      // Sign-up dedupe and SMS sign-in: by the phone's blind index.
      expect((await store.applicants.findByPhone('+77057654321'))?.id).toBe(ids[1]);
      expect(await store.applicants.findByPhone('+77000000000')).toBeUndefined();
      expect((await store.channels.find('sms', '+77057654321'))?.role).toBe('observer');
      expect(await store.channels.find('sms', '+77011234567')).toBeUndefined();
      // Duplicates by phone (0 and 2 share one), grouped in SQL on the index.
      const keys = await store.applicants.duplicateKeys();
      expect(keys).toEqual({ phones: ['+77011234567'], iins: [] });
      const dupes = await store.applicants.listByKeys(keys);
      expect(dupes.map((a) => a.id).sort()).toEqual([ids[0], ids[2]].sort());
      // Search by a whole number; names as before.
      expect((await store.applicants.search({ q: '8 705 765 43 21' })).items.map((a) => a.id)).toEqual([ids[1]]);
      expect((await store.applicants.search({ q: 'ерлан' })).total).toBe(1);

      // An update re-seals; the IIN dedupe follows the new value.
      await store.applicants.update(ids[1] as string, { iin: people[0]?.iin as string }, new Date());
      expect((await store.applicants.duplicateKeys()).iins).toEqual([people[0]?.iin]);
      noClearValueIn(await rawRows(db));
    });

    it('rotates every row to the new key while old rows stay readable, and leaves none on the old key', async () => {
      const oldKey = generateDataKeyLine();
      const db = await testDb(dialect, { dataKeys: oldKey });
      const ids = await seed(Store.over(db));
      const oldId = oldKey.split(':')[0] as string;

      // The server restarted with the new key first and the old one still readable.
      const newKey = generateDataKeyLine(new Date(Date.UTC(2027, 0, 1)));
      const store = withKeys(db, `${newKey},${oldKey}`);
      expect((await store.applicants.findByPhone('+77057654321'))?.id).toBe(ids[1]);
      // A write during the rotation is sealed with the new key already.
      await store.applicants.update(ids[2] as string, { idDocument: 'N00000001' }, new Date());

      const pages: number[] = [];
      const result = await rotateDataKeys(store, { pageSize: 1, onPage: (moved) => pages.push(moved) });
      expect(result).toEqual({ moved: 2, remaining: 0 });
      expect(pages.length).toBeGreaterThanOrEqual(2);
      expect(await rawRows(db)).not.toContain(`pw1:${oldId}:`);
      expect(await store.applicants.keyUse()).toEqual([{ keyId: store.keyring.activeId, rows: 3 }]);
      // A second run has nothing to do (resumable: it only ever takes rows still on old keys).
      expect(await rotateDataKeys(store)).toEqual({ moved: 0, remaining: 0 });

      // Now the old key can go: the new one alone reads everything, lookups and dedupe included.
      const only = withKeys(db, newKey);
      const all = await Promise.all(ids.map((id) => only.applicants.findById(id)));
      expect(all.map((a) => a?.phone)).toEqual(people.map((p) => p.phone));
      expect(all[2]?.idDocument).toBe('N00000001');
      expect((await only.channels.find('sms', '+77057654321'))?.role).toBe('observer');
      expect((await only.applicants.duplicateKeys()).phones).toEqual(['+77011234567']);
      await expect(verifyDataKeys(only)).resolves.toEqual({ activeKey: only.keyring.activeId, rowsOnOldKeys: 0 });
      noClearValueIn(await rawRows(db));
    });

    it('encrypts rows stored in clear when migrating, and refuses to without a key', async () => {
      const db = await testDb(dialect, { migrate: false });
      const names = Object.keys(migrations);
      const before = names[names.indexOf('20261208050000-personal-data-encryption') - 1] as string;
      const postgres = db.kysely.getExecutor().adapter instanceof PostgresAdapter;
      const schema = postgres
        ? (await sql<{ s: string }>`select current_schema() as s`.execute(db.kysely)).rows[0]?.s
        : undefined;
      const migrator = new Migrator({
        db: db.kysely,
        provider: { getMigrations: async () => migrations },
        ...(schema ? { migrationTableSchema: schema } : {}),
      });
      const to = await migrator.migrateTo(before);
      expect(to.error).toBeUndefined();
      const now = postgres ? new Date() : new Date().toISOString();
      for (const p of people) {
        await db.kysely
          .insertInto('applicants')
          .values({
            id: randomUUID(),
            full_name: p.name,
            phone: p.phone,
            iin: p.iin,
            id_document: p.doc,
            languages: ',ru,',
            availability: '',
            status: 'applied',
            locale: 'ru',
            source: 'join',
            search_text: `${p.name.toLowerCase()} ${p.phone.slice(1)}`,
            created_at: now,
            updated_at: now,
          } as never)
          .execute();
      }
      await expect(migrateToLatest(db.kysely)).rejects.toThrow(/3 applicants hold phones and IINs in clear.*DATA_KEYS/);
      await migrateToLatest(db.kysely, { dataKeys: TEST_DATA_KEYS });
      noClearValueIn(await rawRows(db));
      const store = Store.over(db);
      expect((await store.applicants.findByPhone('+77057654321'))?.iin).toBe(people[1]?.iin);
      expect((await store.applicants.duplicateKeys()).phones).toEqual(['+77011234567']);
    });

    it('stops start-up with a clear error on a wrong or missing key, and never makes a new key over sealed data', async () => {
      const root = mkdtempSync(join(tmpdir(), 'pollwatch-keys-'));
      cleanup.push(async () => rmSync(root, { recursive: true, force: true }));
      const dataDir = join(root, 'data');
      const base: Record<string, string> = { DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
      if (dialect === 'postgres') base.DATABASE_URL = postgresUrlOf(await testDb('postgres'));
      const open = async (env: Record<string, string>) => {
        const opened = await openServerDatabase(loadConfig({ ...base, ...env }));
        cleanup.push(() => opened.db.close());
        return opened;
      };

      // First run: a key file, 0600, beside (not in) the data folder; the data sealed with it.
      const first = await open({});
      const keyFile = join(root, 'data.keys');
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      await seed(Store.over(first.db));
      await first.db.close();
      cleanup.pop();
      const key = readFileSync(keyFile, 'utf8');
      const id = (/^(k[0-9a-f]+):/m.exec(key) as RegExpExecArray)[1] as string;

      // The same id with other bytes: refused, naming the key.
      const wrong = `${id}:${generateDataKeyLine().split(':')[1] as string}`;
      await expect(open({ DATA_KEYS: wrong })).rejects.toThrow(
        new RegExp(`data key "${id}" is not the key .*wrong key`),
      );
      await expect(open({ DATA_KEYS: wrong })).rejects.toBeInstanceOf(DataKeyError);
      // Another key only (a second process that made a key file of its own): refused before sealing anything.
      await expect(open({ DATA_KEYS: generateDataKeyLine() })).rejects.toThrow(/none is configured: every process/);
      // A malformed key.
      await expect(open({ DATA_KEYS: 'k1:short' })).rejects.toThrow(/32 bytes/);
      // The key file lost: no new key is made over the sealed data.
      rmSync(keyFile);
      await expect(open({})).rejects.toThrow(/no key is configured/);
      expect(existsSync(keyFile)).toBe(false);
      // The right key through DATA_KEYS: starts, and reads everything.
      const right = await open({ DATA_KEYS: key });
      expect((await Store.over(right.db).applicants.findByPhone('+77011234567'))?.fullName).toBe(people[0]?.name);
    });

    it('seals channel addresses, and keys the message log and sender throttles to the data key', async () => {
      const oldKey = generateDataKeyLine();
      const db = await testDb(dialect, { dataKeys: oldKey });
      const store = Store.over(db);
      const userId = randomUUID();
      await store.users.create(
        { id: userId, role: 'observer', email: null, passwordHash: null, displayName: 'Observer', locale: 'ru' },
        new Date(),
      );
      const [phone, stranger] = ['+77011234567', '+77057654321'];
      const chat = '5550123987';
      await store.channels.link('sms', phone, userId, new Date());
      await store.channels.link('telegram', chat, userId, new Date());
      await store.channels.saveConversation('telegram', chat, { locale: 'kk', state: { step: 1 } }, new Date());
      // A stranger's SMS: refused, logged and counted against that number.
      const service = new ChannelsService(store, {} as IngestService, new LogMessageSender(), () => new Date(), {
        dedupeWindowSeconds: 600,
      });
      expect((await service.handle('sms', stranger, 'TURNOUT A1')).outcome).toBe('not_registered');
      await service.logMessage('telegram', 'in', chat, { status: 'accepted', outcome: 'recorded', text: 'ok' });

      const channelRows = async () =>
        JSON.stringify(
          await Promise.all(
            [
              'channel_identities',
              'channel_conversations',
              'channel_messages',
              'sign_in_failures',
              'join_attempts',
            ].map(async (table) => (await sql`select * from ${sql.table(table)}`.execute(db.kysely)).rows),
          ),
        );
      const raw = await channelRows();
      expect(raw).toContain(`pw1:${store.keyring.activeId}:`);
      expect(raw).toContain('message-sender');
      for (const value of [phone, phone.slice(1), stranger, stranger.slice(1), chat]) {
        expect(raw, `"${value}" in clear`).not.toContain(value);
        // …nor as a plain SHA-256, which trying every number reverses.
        for (const plain of [`sender:${value}`, `message-sender:sms:${value}`, `join-phone:${value}`, value]) {
          const hex = createHash('sha256').update(plain).digest('hex');
          expect(raw, `sha256("${plain}")`).not.toContain(hex.slice(0, 16));
        }
      }

      // Found, read back and masked through the repository.
      const found = async (s: Store) => {
        expect((await s.channels.find('sms', phone))?.userId).toBe(userId);
        expect((await s.channels.find('telegram', chat))?.userId).toBe(userId);
        expect(await s.channels.find('telegram', '5550123988')).toBeUndefined();
        expect(await s.telegramNotices.chatOf(userId)).toBe(chat);
        expect((await s.channels.conversation('telegram', chat))?.locale).toBe('kk');
        expect((await s.channels.linksOf(userId, (c, a) => `${c}:${a.slice(-2)}`)).map((l) => l.addressMask)).toEqual([
          'sms:67',
          'telegram:87',
        ]);
      };
      await found(store);
      // Linking the same chat again moves it, never duplicates it.
      await store.channels.link('telegram', chat, userId, new Date());
      expect(await store.channels.keyUse()).toEqual([{ keyId: store.keyring.activeId, rows: 3 }]);

      // Rotation covers the addresses: the new key alone finds and opens them afterwards.
      const newKey = generateDataKeyLine(new Date(Date.UTC(2027, 0, 1)));
      const rotating = withKeys(db, `${newKey},${oldKey}`);
      expect((await rotating.channels.find('telegram', chat))?.userId).toBe(userId);
      const result = await rotateDataKeys(rotating);
      expect(result).toEqual({ moved: 3, remaining: 0 });
      const only = withKeys(db, newKey);
      expect(await only.channels.keyUse()).toEqual([{ keyId: only.keyring.activeId, rows: 3 }]);
      await found(only);
      expect(await channelRows()).not.toContain(`pw1:${oldKey.split(':')[0]}:`);
      await expect(verifyDataKeys(only)).resolves.toEqual({ activeKey: only.keyring.activeId, rowsOnOldKeys: 0 });
    });

    it('seals channel addresses stored in clear when migrating, and refuses to without a key', async () => {
      const db = await testDb(dialect, { migrate: false });
      const names = Object.keys(migrations);
      const before = names[names.indexOf('20261210100000-channel-addresses-sealed') - 1] as string;
      const postgres = db.kysely.getExecutor().adapter instanceof PostgresAdapter;
      const schema = postgres
        ? (await sql<{ s: string }>`select current_schema() as s`.execute(db.kysely)).rows[0]?.s
        : undefined;
      const migrator = new Migrator({
        db: db.kysely,
        provider: { getMigrations: async () => migrations },
        ...(schema ? { migrationTableSchema: schema } : {}),
      });
      expect((await migrator.migrateTo(before)).error).toBeUndefined();
      const store = Store.over(db);
      const userId = randomUUID();
      await store.users.create(
        { id: userId, role: 'observer', email: null, passwordHash: null, displayName: 'Observer', locale: 'ru' },
        new Date(),
      );
      const now = postgres ? new Date() : new Date().toISOString();
      const k = db.kysely as unknown as Kysely<any>;
      await k
        .insertInto('channel_identities')
        .values([
          { channel: 'sms', address: '+77011234567', user_id: userId, created_at: now },
          { channel: 'telegram', address: '5550123987', user_id: userId, created_at: now },
        ])
        .execute();
      await k
        .insertInto('channel_conversations')
        .values({ channel: 'telegram', address: '5550123987', locale: 'kk', state: null, updated_at: now })
        .execute();
      const oldHash = createHash('sha256').update('sender:+77011234567').digest('hex').slice(0, 16);
      await k
        .insertInto('channel_messages')
        .values({
          id: randomUUID(),
          channel: 'sms',
          direction: 'in',
          sender_hash: oldHash,
          sender_mask: '+7701•••4567',
          status: 'accepted',
          outcome: 'recorded',
          text: 'TURNOUT',
          created_at: now,
        })
        .execute();
      await expect(migrateToLatest(db.kysely)).rejects.toThrow(/4 message channel rows .*DATA_KEYS/);
      await migrateToLatest(db.kysely, { dataKeys: TEST_DATA_KEYS });
      const raw = JSON.stringify(
        await Promise.all(
          ['channel_identities', 'channel_conversations', 'channel_messages'].map(
            async (table) => (await sql`select * from ${sql.table(table)}`.execute(db.kysely)).rows,
          ),
        ),
      );
      for (const value of ['+77011234567', '77011234567', '5550123987', oldHash]) expect(raw).not.toContain(value);
      expect((await store.channels.find('sms', '+77011234567'))?.userId).toBe(userId);
      expect(await store.telegramNotices.chatOf(userId)).toBe('5550123987');
      expect((await store.channels.conversation('telegram', '5550123987'))?.locale).toBe('kk');
    });

    it("keeps the key file outside the data folder: refuses one inside, and moves an older install's out", async () => {
      const root = mkdtempSync(join(tmpdir(), 'pollwatch-keyfile-'));
      cleanup.push(async () => rmSync(root, { recursive: true, force: true }));
      const dataDir = join(root, 'data');
      const base: Record<string, string> = { DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
      if (dialect === 'postgres') base.DATABASE_URL = postgresUrlOf(await testDb('postgres'));
      const open = async (env: Record<string, string> = {}) => {
        const opened = await openServerDatabase(loadConfig({ ...base, ...env }));
        cleanup.push(() => opened.db.close());
        return opened;
      };
      // The default is beside the data folder, whatever HOME is.
      expect(loadConfig(base).dataKeyFile).toBe(join(root, 'data.keys'));
      // Configured inside the data folder (directly, or through a link to it): refused, nothing created.
      await expect(open({ DATA_KEY_FILE: join(dataDir, 'keys') })).rejects.toThrow(
        /key file .*keys is inside the data folder .*DATA_KEY_FILE/,
      );
      await expect(open({ DATA_KEY_FILE: join(dataDir, 'sub', '..', 'data-keys') })).rejects.toBeInstanceOf(
        DataKeyError,
      );
      mkdirSync(dataDir, { recursive: true });
      symlinkSync(dataDir, join(root, 'link'));
      await expect(open({ DATA_KEY_FILE: join(root, 'link', 'keys') })).rejects.toThrow(/inside the data folder/);
      expect(existsSync(join(dataDir, 'keys'))).toBe(false);

      // An install made by an earlier version: its key in DATA_DIR/data-keys, data sealed with it.
      const legacy = join(dataDir, 'data-keys');
      const key = generateDataKeyLine();
      writeFileSync(legacy, `# old\n${key}\n`, { mode: 0o600 });
      const sealed = await open({ DATA_KEYS: key });
      await seed(Store.over(sealed.db));
      await sealed.db.close();
      cleanup.pop();
      // First start after the upgrade: moved out with a notice, same bytes, 0600, and it opens the data.
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      cleanup.push(async () => warn.mockRestore());
      const upgraded = await open();
      expect(existsSync(legacy)).toBe(false);
      expect(readFileSync(join(root, 'data.keys'), 'utf8')).toBe(`# old\n${key}\n`);
      expect(statSync(join(root, 'data.keys')).mode & 0o777).toBe(0o600);
      expect(warn.mock.calls.flat().join(' ')).toMatch(/moved the personal data key file out of the data folder/);
      expect(Store.over(upgraded.db).keyring.activeId).toBe(key.split(':')[0]);
      expect((await Store.over(upgraded.db).applicants.findByPhone('+77057654321'))?.fullName).toBe(people[1]?.name);
      // A second key file left inside with another key: refused, naming both.
      writeFileSync(legacy, `${generateDataKeyLine()}\n`, { mode: 0o600 });
      await expect(open()).rejects.toThrow(/two data key files/);
    });
  });
}

describe('personal data at rest [sqlite file]', () => {
  it('leaves no phone or IIN in the database file or its write-ahead log, also for rows migrated from clear', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pollwatch-pii-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'pollwatch.db');
    const db = openDatabase({ sqliteFile: file, dataKeys: TEST_DATA_KEYS });
    cleanup.push(() => db.close());
    const names = Object.keys(migrations);
    const before = names[names.indexOf('20261208050000-personal-data-encryption') - 1] as string;
    await new Migrator({ db: db.kysely, provider: { getMigrations: async () => migrations } }).migrateTo(before);
    const now = new Date().toISOString();
    for (const p of people.slice(0, 2)) {
      await db.kysely
        .insertInto('applicants')
        .values({
          id: randomUUID(),
          full_name: p.name,
          phone: p.phone,
          iin: p.iin,
          id_document: p.doc,
          languages: ',ru,',
          availability: '',
          status: 'applied',
          locale: 'ru',
          source: 'join',
          search_text: `${p.name.toLowerCase()} ${p.phone.slice(1)}`,
          created_at: now,
          updated_at: now,
        } as never)
        .execute();
    }
    // An SMS number linked before the channel addresses were sealed.
    const observer = randomUUID();
    await db.kysely
      .insertInto('users')
      .values({
        id: observer,
        role: 'observer',
        email: null,
        password_hash: null,
        display_name: 'Observer',
        locale: 'ru',
        status: 'active',
        created_at: now,
        updated_at: now,
      } as never)
      .execute();
    await (db.kysely as unknown as Kysely<any>)
      .insertInto('channel_identities')
      .values({ channel: 'sms', address: people[1]?.phone, user_id: observer, created_at: now })
      .execute();
    await migrateToLatest(db.kysely, { dataKeys: TEST_DATA_KEYS });
    const store = Store.over(db);
    await store.applicants.create(randomUUID(), applicant(people[2] as (typeof people)[number]), new Date());
    await store.channels.link('telegram', people[0]?.phone as string, observer, new Date());
    const bytes = () =>
      [file, `${file}-wal`]
        .filter((f) => existsSync(f))
        .map((f) => readFileSync(f).toString('latin1'))
        .join('\n');
    // The log as it is now, then the file after a checkpoint.
    noClearValueIn(bytes());
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db.kysely);
    noClearValueIn(bytes());
    expect((await store.applicants.findByPhone('+77057654321'))?.fullName).toBe(people[1]?.name);
    expect((await store.channels.find('sms', '+77057654321'))?.userId).toBe(observer);
  });
});

/** The same database as another process would see it, configured with these keys. */
function withKeys(db: Db, keys: string): Store {
  return new Store(db.kysely, db.dialect, undefined, undefined, new DataKeyring(keys));
}

describe('backups and the data key [sqlite file]', () => {
  it('says the key is not in the backup, refuses to restore without it, and checks it opens the data', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pollwatch-pii-backup-'));
    cleanup.push(async () => rmSync(root, { recursive: true, force: true }));
    const source = loadConfig({ DATA_DIR: join(root, 'source'), LOG_LEVEL: 'silent' });
    const opened = await openServerDatabase(source);
    const store = Store.over(opened.db);
    await seed(store);
    const keyId = store.keyring.activeId;
    await opened.db.close();

    const folder = join(root, 'backup');
    const manifest = await backup(source, folder);
    expect(manifest.dataKeyIds).toEqual([keyId]);
    expect(readdirSync(folder).filter((f) => /keys/.test(f))).toEqual([]);
    expect(source.dataKeyFile).toBe(join(root, 'source.keys'));
    const everything = readdirSync(folder)
      .filter((f) => f !== 'blobs')
      .map((f) => readFileSync(join(folder, f)).toString('latin1'))
      .join('\n');
    expect(everything).not.toContain(
      readFileSync(source.dataKeyFile as string, 'utf8')
        .split('\n')
        .at(-2),
    );
    noClearValueIn(everything);

    // No key: refused before anything is restored.
    const bare = loadConfig({ DATA_DIR: join(root, 'bare'), LOG_LEVEL: 'silent' });
    await expect(restore(bare, folder)).rejects.toThrow(new RegExp(`sealed with data key "${keyId}".*never holds`));
    expect(existsSync(join(root, 'bare', 'pollwatch.db'))).toBe(false);
    // A wrong key: refused once restored, by name.
    const wrong = loadConfig({
      DATA_DIR: join(root, 'wrong'),
      DATA_KEYS: `${keyId}:${generateDataKeyLine().split(':')[1] as string}`,
      LOG_LEVEL: 'silent',
    });
    await expect(restore(wrong, folder)).rejects.toThrow(/wrong key/);
    // The key kept elsewhere: restored, and the phones read back.
    const target = loadConfig({
      DATA_DIR: join(root, 'target'),
      DATA_KEY_FILE: source.dataKeyFile,
      LOG_LEVEL: 'silent',
    });
    expect((await restore(target, folder)).dataKeys).toEqual({ ids: [keyId] });
    const restored = await openServerDatabase(target);
    cleanup.push(() => restored.db.close());
    expect((await Store.over(restored.db).applicants.findByPhone('+77057654321'))?.iin).toBe(people[1]?.iin);
  });
});
