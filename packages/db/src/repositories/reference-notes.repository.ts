import type { LocalizedText, ReferenceNote } from '@pollwatch/core';
import type { Kysely, Selectable } from 'kysely';
import type { DialectName } from '../database.ts';
import type { Database, ReferenceNotesTable } from '../schema.ts';
import { jsonValue, readJson, readTime, timeValue } from '../values.ts';

function toNote(row: Selectable<ReferenceNotesTable>): ReferenceNote {
  return {
    id: row.id,
    electionId: row.election_id,
    position: row.position,
    title: readJson(row.title) as LocalizedText,
    body: readJson(row.body) as LocalizedText,
    createdAt: readTime(row.created_at),
    updatedAt: readTime(row.updated_at),
  };
}

/** Reference notes of an election, in the order observers read them. */
export class ReferenceNotesRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  async list(electionId: string): Promise<ReferenceNote[]> {
    const rows = await this.db
      .selectFrom('reference_notes')
      .selectAll()
      .where('election_id', '=', electionId)
      .orderBy('position')
      .orderBy('created_at')
      .execute();
    return rows.map(toNote);
  }

  async findById(id: string): Promise<ReferenceNote | undefined> {
    const row = await this.db.selectFrom('reference_notes').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toNote(row) : undefined;
  }

  async create(
    note: { id: string; electionId: string; position: number; title: LocalizedText; body: LocalizedText },
    createdBy: string | null,
    now: Date,
  ): Promise<ReferenceNote> {
    const at = timeValue(this.dialect, now);
    await this.db
      .insertInto('reference_notes')
      .values({
        id: note.id,
        election_id: note.electionId,
        position: note.position,
        title: jsonValue(note.title),
        body: jsonValue(note.body),
        created_by: createdBy,
        created_at: at,
        updated_at: at,
      })
      .execute();
    return (await this.findById(note.id)) as ReferenceNote;
  }

  async update(id: string, patch: { title?: LocalizedText; body?: LocalizedText }, now: Date): Promise<void> {
    await this.db
      .updateTable('reference_notes')
      .set({
        ...(patch.title && { title: jsonValue(patch.title) }),
        ...(patch.body && { body: jsonValue(patch.body) }),
        updated_at: timeValue(this.dialect, now),
      })
      .where('id', '=', id)
      .execute();
  }

  async setPosition(id: string, position: number): Promise<void> {
    await this.db.updateTable('reference_notes').set({ position }).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('reference_notes').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
