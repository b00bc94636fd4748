import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';
import type { Database } from '../schema.ts';
import { isUniqueViolation } from '../unique-violation.ts';
import { jsonValue, readJson, timeValue } from '../values.ts';

export class SettingsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  async get(key: string): Promise<unknown> {
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    return row ? readJson(row.value) : undefined;
  }

  /** Inserts only if the key is new; false if it existed. Used as a once-only latch (setup). */
  async insertOnce(key: string, value: unknown, now: Date): Promise<boolean> {
    try {
      await this.db
        .insertInto('settings')
        .values({ key, value: jsonValue(value), updated_at: timeValue(this.dialect, now) })
        .execute();
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** Writes `value` under `key`, replacing what was there. */
  async set(key: string, value: unknown, now: Date): Promise<void> {
    const at = timeValue(this.dialect, now);
    await this.db
      .insertInto('settings')
      .values({ key, value: jsonValue(value), updated_at: at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: jsonValue(value), updated_at: at }))
      .execute();
  }
}
