import type { ImportKind } from '@pollwatch/core';
import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';
import type { Database } from '../schema.ts';
import { jsonValue, readInt, readJson, readTime, timeValue } from '../values.ts';

/** An uploaded file waiting to be mapped, dry-run and applied; the file itself is in the data folder. */
export interface ImportRecord {
  id: string;
  kind: ImportKind;
  electionId: string | null;
  fileName: string;
  sizeBytes: number;
  format: 'csv' | 'xlsx';
  createdBy: string | null;
  createdAt: Date;
  appliedAt: Date | null;
  report: unknown;
}

export class ImportsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  async create(r: Omit<ImportRecord, 'appliedAt' | 'report'>): Promise<void> {
    await this.db
      .insertInto('imports')
      .values({
        id: r.id,
        kind: r.kind,
        election_id: r.electionId,
        file_name: r.fileName,
        size_bytes: r.sizeBytes,
        format: r.format,
        created_by: r.createdBy,
        created_at: timeValue(this.dialect, r.createdAt),
      })
      .execute();
  }

  async findById(id: string): Promise<ImportRecord | undefined> {
    const row = await this.db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    return {
      id: row.id,
      kind: row.kind as ImportKind,
      electionId: row.election_id,
      fileName: row.file_name,
      sizeBytes: readInt(row.size_bytes),
      format: row.format as 'csv' | 'xlsx',
      createdBy: row.created_by,
      createdAt: readTime(row.created_at),
      appliedAt: row.applied_at ? readTime(row.applied_at) : null,
      report: readJson(row.report),
    };
  }

  async markApplied(id: string, report: unknown, now: Date): Promise<void> {
    await this.db
      .updateTable('imports')
      .set({ applied_at: timeValue(this.dialect, now), report: jsonValue(report) })
      .where('id', '=', id)
      .execute();
  }
}
