import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataKeyError, type Db, generateDataKeyLine, migrateToLatest, Store } from '@pollwatch/db';
import type { Config } from '../config.ts';
import { openConfiguredDatabase } from '../database-from-config.ts';

/** How many rows each key seals: applicants, and the message channels' addresses. */
async function keyUse(store: Store): Promise<{ keyId: string | null; rows: number }[]> {
  const counts = new Map<string | null, number>();
  for (const use of [...(await store.applicants.keyUse()), ...(await store.channels.keyUse())]) {
    counts.set(use.keyId, (counts.get(use.keyId) ?? 0) + use.rows);
  }
  return [...counts].map(([keyId, rows]) => ({ keyId, rows }));
}

/** The key ids the stored personal data is sealed with; none before the encryption migrations ran. */
export async function sealedKeyIds(store: Store): Promise<string[]> {
  const ids = new Set<string>();
  for (const use of [() => store.applicants.keyUse(), () => store.channels.keyUse()]) {
    try {
      for (const u of await use()) if (u.keyId !== null) ids.add(u.keyId);
    } catch {
      // no table or no pii_key column yet: nothing sealed there
    }
  }
  return [...ids].sort();
}

/**
 * First run without keys: a new key file, 0600, unless the database already holds sealed data —
 * then a new key could open none of it, and the only honest answer is to stop and say so.
 */
async function firstRunKeys(db: Db, config: Pick<Config, 'dataKeyFile'>): Promise<string> {
  const sealed = await sealedKeyIds(Store.over(db));
  if (sealed.length > 0 || !config.dataKeyFile) {
    throw new DataKeyError(
      `the database holds personal data sealed with data key ${sealed.map((k) => `"${k}"`).join(', ')}, ` +
        `but no key is configured (DATA_KEYS, or the key file ${config.dataKeyFile ?? '(none)'}). ` +
        'Put the key back (it is never in a backup); pollwatch will not start with a new one.',
    );
  }
  const text = `# pollwatch personal data keys: id:base64, the first one seals new data.\n# Keep a copy OUTSIDE the data folder and its backups: without it, phones and IINs cannot be read.\n${generateDataKeyLine()}\n`;
  mkdirSync(dirname(config.dataKeyFile), { recursive: true, mode: 0o700 });
  writeFileSync(config.dataKeyFile, text, { mode: 0o600, flag: 'wx' });
  console.warn(
    `pollwatch: created the personal data key file ${config.dataKeyFile} (0600). Keep a copy away from this ` +
      'server and its backups: without it, phones and IINs cannot be read back.',
  );
  return text;
}

/**
 * Checks that the configured keys open what is stored: every key id in use is configured, and
 * opens a row it sealed. Otherwise a DataKeyError names the key and the fix; nothing is written.
 * Returns how many rows still wait on a key other than the active one (`pollwatch rotate-keys`).
 */
export async function verifyDataKeys(store: Store): Promise<{ activeKey: string; rowsOnOldKeys: number }> {
  const configured = store.keyring.ids;
  await checkKnownKeys(store);
  const use = await keyUse(store);
  let rowsOnOldKeys = 0;
  for (const { keyId, rows } of use) {
    if (keyId === null) continue;
    if (!configured.includes(keyId)) {
      throw new DataKeyError(
        `${rows} rows of personal data are sealed with data key "${keyId}", which is not configured ` +
          `(configured: ${configured.join(', ') || 'none'}). Add it back to DATA_KEYS or the key file.`,
      );
    }
    if (!(await store.applicants.openOneSealedWith(keyId))) await store.channels.openOneSealedWith(keyId);
    if (keyId !== store.keyring.activeId) rowsOnOldKeys += rows;
  }
  return { activeKey: store.keyring.activeId, rowsOnOldKeys };
}

const KEY_CHECKS = 'data_key_checks';

/**
 * The database remembers a check value of every key that sealed data in it. A configured key whose
 * check differs (same id, other bytes), or a set of keys none of which the database knows (a
 * second process that made its own key file), is refused before it could seal anything.
 */
async function checkKnownKeys(store: Store): Promise<void> {
  const keyring = store.keyring;
  const read = async () => ((await store.settings.get(KEY_CHECKS)) ?? {}) as Record<string, string>;
  let known = await read();
  if (Object.keys(known).length === 0) {
    const mine = { [keyring.activeId]: keyring.check(keyring.activeId) };
    if (await store.settings.insertOnce(KEY_CHECKS, mine, new Date())) return;
    known = await read();
  }
  for (const id of keyring.ids) {
    if (known[id] !== undefined && known[id] !== keyring.check(id)) {
      throw new DataKeyError(`data key "${id}" is not the key of that id this database was sealed with: a wrong key`);
    }
  }
  if (!keyring.ids.some((id) => known[id] !== undefined)) {
    throw new DataKeyError(
      `this database's personal data keys are ${Object.keys(known)
        .map((k) => `"${k}"`)
        .join(', ')}, and none is configured: every process needs the same DATA_KEYS or key file`,
    );
  }
  if (known[keyring.activeId] === undefined) {
    await store.settings.set(KEY_CHECKS, { ...known, [keyring.activeId]: keyring.check(keyring.activeId) }, new Date());
  }
}

export interface OpenedDatabase {
  db: Db;
  applied: string[];
  rowsOnOldKeys: number;
}

/**
 * Opens the configured database with its data keys (creating the key file on a first run),
 * migrates it unless told not to (a `--workers` process: the primary did), and checks the keys
 * open the stored data. Any key problem is an error before the server serves anything.
 */
export async function openServerDatabase(config: Config, options: { migrate?: boolean } = {}): Promise<OpenedDatabase> {
  const db = openConfiguredDatabase(config);
  try {
    if (!db.keyring.configured) db.keyring.install(await firstRunKeys(db, config));
    const applied =
      options.migrate === false ? [] : (await migrateToLatest(db.kysely, { dataKeys: db.keyring.text })).applied;
    const { rowsOnOldKeys } = await verifyDataKeys(Store.over(db));
    return { db, applied, rowsOnOldKeys };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/**
 * `pollwatch rotate-keys`: moves every row sealed with an older key to the active one — applicants,
 * then the message channels' addresses — a page at a time, each page its own short write, so it runs
 * beside a serving server. Resumable: stopped half-way, a new run picks up the rows still on old keys.
 */
export async function rotateDataKeys(
  store: Store,
  options: { pageSize?: number; onPage?: (moved: number) => void } = {},
): Promise<{ moved: number; remaining: number }> {
  const pageSize = options.pageSize ?? 500;
  let moved = 0;
  let after: string | undefined;
  for (;;) {
    const page = await store.applicants.rotatePage(after, pageSize);
    moved += page.moved;
    options.onPage?.(moved);
    if (page.lastId === undefined) break;
    after = page.lastId;
  }
  // Each page leaves the active key's rows behind, so the next one starts again from the top;
  // a page that moves nothing (rows changed meanwhile, all skipped) ends the run.
  for (;;) {
    const page = await store.channels.rotatePage(pageSize);
    moved += page.moved;
    if (page.seen > 0) options.onPage?.(moved);
    if (page.seen === 0 || page.moved === 0) break;
  }
  const active = store.keyring.activeId;
  const remaining = (await keyUse(store)).filter((u) => u.keyId !== active).reduce((sum, u) => sum + u.rows, 0);
  return { moved, remaining };
}
