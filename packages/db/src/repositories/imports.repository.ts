import type { ImportKind } from '@pollwatch/core';
import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';
import type { Database } from '../schema.ts';
import { jsonValue, readInt, readJson, readTime, timeValue } from '../values.ts';

/**
 * An uploaded file waiting to be mapped, dry-run and applied; the file itself is in the data folder,
 * and also in the shared blob store (`fileSha256`) when several processes or hosts serve.
 */
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
  fileSha256: string | null;
}

export class ImportsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  async create(r: Omit<ImportRecord, 'appliedAt' | 'report' | 'fileSha256'> & { fileSha256?: string }): Promise<void> {
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
        file_sha256: r.fileSha256 ?? null,
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
      fileSha256: row.file_sha256,
    };
  }

  /** Forgets that the upload is in the shared store (applied, or expired). */
  async clearFile(id: string): Promise<void> {
    await this.db.updateTable('imports').set({ file_sha256: null }).where('id', '=', id).execute();
  }

  /** Uploads still kept in the shared store that were made before `before` (expired). */
  async filesUploadedBefore(before: Date): Promise<{ id: string; fileSha256: string }[]> {
    const rows = await this.db
      .selectFrom('imports')
      .select(['id', 'file_sha256'])
      .where('file_sha256', 'is not', null)
      .where('created_at', '<', timeValue(this.dialect, before))
      .execute();
    return rows.map((r) => ({ id: r.id, fileSha256: r.file_sha256 as string }));
  }

  /**
   * Whether anything else still keeps the same bytes: the store keeps one copy per SHA-256, shared
   * by uploads, photos, post covers and export files. An upload whose bytes equal a photo's must
   * never take the photo (the evidence) with it when its copy is released.
   */
  async fileKeptByOthers(sha256: string, exceptId: string): Promise<boolean> {
    const upload = await this.db
      .selectFrom('imports')
      .select('id')
      .where('file_sha256', '=', sha256)
      .where('id', '!=', exceptId)
      .limit(1)
      .executeTakeFirst();
    if (upload) return true;
    const photo = await this.db.selectFrom('photos').select('sha256').where('sha256', '=', sha256).executeTakeFirst();
    if (photo) return true;
    const cover = await this.db
      .selectFrom('posts')
      .select('id')
      .where('cover_sha256', '=', sha256)
      .limit(1)
      .executeTakeFirst();
    if (cover) return true;
    const file = await this.db
      .selectFrom('export_jobs')
      .select('id')
      .where('file_sha256', '=', sha256)
      .limit(1)
      .executeTakeFirst();
    return file !== undefined;
  }

  async markApplied(id: string, report: unknown, now: Date): Promise<void> {
    await this.db
      .updateTable('imports')
      .set({ applied_at: timeValue(this.dialect, now), report: jsonValue(report) })
      .where('id', '=', id)
      .execute();
  }
}
