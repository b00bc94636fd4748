import type { Area, AreaLevel, AreaScope, CommissionContacts, LocalizedText } from '@pollwatch/core';
import { DomainError } from '@pollwatch/core';
import type { Kysely, Selectable } from 'kysely';
import { areaInScope } from '../area-scope.ts';
import type { DialectName } from '../database.ts';
import type { AreasTable, Database } from '../schema.ts';
import { isUniqueViolation } from '../unique-violation.ts';
import { boolValue, jsonValue, readBool, readJson, timeValue } from '../values.ts';

export type AreaData = Omit<Area, 'id'>;

function toArea(row: Selectable<AreasTable>): Area {
  return {
    id: row.id,
    parentId: row.parent_id,
    level: row.level as AreaLevel,
    code: row.code,
    name: readJson(row.name) as LocalizedText,
    commission: (readJson(row.commission) as CommissionContacts | null) ?? null,
    isDemo: readBool(row.is_demo),
  };
}

export class AreasRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  private columns(a: Partial<AreaData>) {
    return {
      ...(a.parentId !== undefined ? { parent_id: a.parentId } : {}),
      ...(a.level !== undefined ? { level: a.level } : {}),
      ...(a.code !== undefined ? { code: a.code } : {}),
      ...(a.name !== undefined ? { name: jsonValue(a.name) } : {}),
      ...(a.commission !== undefined ? { commission: a.commission === null ? null : jsonValue(a.commission) } : {}),
      ...(a.isDemo !== undefined ? { is_demo: boolValue(this.dialect, a.isDemo) } : {}),
    };
  }

  async create(id: string, data: AreaData, now: Date): Promise<Area> {
    const at = timeValue(this.dialect, now);
    try {
      await this.db
        .insertInto('areas')
        .values({
          id,
          parent_id: data.parentId,
          level: data.level,
          code: data.code,
          name: jsonValue(data.name),
          commission: data.commission === null ? null : jsonValue(data.commission),
          is_demo: boolValue(this.dialect, data.isDemo),
          created_at: at,
          updated_at: at,
        })
        .execute();
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DomainError('conflict', 'an area with this code exists', { field: 'code' });
      throw error;
    }
    return (await this.findById(id)) as Area;
  }

  async update(id: string, patch: Partial<AreaData>, now: Date): Promise<Area | undefined> {
    try {
      await this.db
        .updateTable('areas')
        .set({ ...this.columns(patch), updated_at: timeValue(this.dialect, now) })
        .where('id', '=', id)
        .execute();
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DomainError('conflict', 'an area with this code exists', { field: 'code' });
      throw error;
    }
    return this.findById(id);
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('areas').where('id', '=', id).execute();
  }

  /** The area; with a scope, only if it lies in it. */
  async findById(id: string, scope?: AreaScope): Promise<Area | undefined> {
    let query = this.db.selectFrom('areas').selectAll().where('id', '=', id);
    if (scope) query = query.where(areaInScope('areas.id', scope));
    const row = await query.executeTakeFirst();
    return row ? toArea(row) : undefined;
  }

  /** The whole tree, flat. Territories are thousands of rows at most, so one read is the simple way. */
  async list(): Promise<Area[]> {
    const rows = await this.db.selectFrom('areas').selectAll().orderBy('parent_id').orderBy('code').execute();
    return rows.map(toArea);
  }

  async hasChildren(id: string): Promise<boolean> {
    const row = await this.db.selectFrom('areas').select('id').where('parent_id', '=', id).limit(1).executeTakeFirst();
    return row !== undefined;
  }
}
