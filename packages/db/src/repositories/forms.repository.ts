import type { FormKind, FormVersionStatus, LocalizedText } from '@pollwatch/core';
import { DomainError } from '@pollwatch/core';
import type { Kysely, Selectable } from 'kysely';
import type { DialectName } from '../database.ts';
import type { Database, FormsTable, FormVersionsTable } from '../schema.ts';
import { isUniqueViolation } from '../unique-violation.ts';
import { boolValue, jsonValue, readBool, readJson, readTime, timeValue } from '../values.ts';

export interface StoredForm {
  id: string;
  electionId: string;
  code: string;
  kind: FormKind;
  title: LocalizedText;
  isStandard: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface StoredFormVersion {
  formId: string;
  version: number;
  status: FormVersionStatus;
  /** The definition as stored: checked by the service, never trusted blindly. */
  definition: unknown;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
}

function toForm(row: Selectable<FormsTable>): StoredForm {
  return {
    id: row.id,
    electionId: row.election_id,
    code: row.code,
    kind: row.kind as FormKind,
    title: readJson(row.title) as LocalizedText,
    isStandard: readBool(row.is_standard),
    createdAt: readTime(row.created_at),
    updatedAt: readTime(row.updated_at),
  };
}

function toVersion(row: Selectable<FormVersionsTable>): StoredFormVersion {
  return {
    formId: row.form_id,
    version: row.version,
    status: row.status as FormVersionStatus,
    definition: readJson(row.definition),
    createdBy: row.created_by,
    createdAt: readTime(row.created_at),
    updatedAt: readTime(row.updated_at),
    publishedAt: row.published_at ? readTime(row.published_at) : null,
  };
}

export class FormsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  async create(form: Omit<StoredForm, 'createdAt' | 'updatedAt'>, now: Date): Promise<StoredForm> {
    const at = timeValue(this.dialect, now);
    try {
      await this.db
        .insertInto('forms')
        .values({
          id: form.id,
          election_id: form.electionId,
          code: form.code,
          kind: form.kind,
          title: jsonValue(form.title),
          is_standard: boolValue(this.dialect, form.isStandard),
          created_at: at,
          updated_at: at,
        })
        .execute();
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DomainError('conflict', 'this election has a form with this code', { field: 'code' });
      throw error;
    }
    return (await this.findById(form.id)) as StoredForm;
  }

  async touch(id: string, title: LocalizedText, kind: FormKind, now: Date): Promise<void> {
    await this.db
      .updateTable('forms')
      .set({ title: jsonValue(title), kind, updated_at: timeValue(this.dialect, now) })
      .where('id', '=', id)
      .execute();
  }

  async findById(id: string): Promise<StoredForm | undefined> {
    const row = await this.db.selectFrom('forms').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toForm(row) : undefined;
  }

  async listByElection(electionId: string): Promise<StoredForm[]> {
    const rows = await this.db
      .selectFrom('forms')
      .selectAll()
      .where('election_id', '=', electionId)
      .orderBy('is_standard', 'desc')
      .orderBy('created_at')
      .orderBy('code')
      .execute();
    return rows.map(toForm);
  }

  /** Newest first. */
  async versions(formId: string): Promise<StoredFormVersion[]> {
    const rows = await this.db
      .selectFrom('form_versions')
      .selectAll()
      .where('form_id', '=', formId)
      .orderBy('version', 'desc')
      .execute();
    return rows.map(toVersion);
  }

  async version(formId: string, version: number): Promise<StoredFormVersion | undefined> {
    const row = await this.db
      .selectFrom('form_versions')
      .selectAll()
      .where('form_id', '=', formId)
      .where('version', '=', version)
      .executeTakeFirst();
    return row ? toVersion(row) : undefined;
  }

  /** Versions of many forms at once, for the list screen. */
  async versionStates(
    formIds: readonly string[],
  ): Promise<{ formId: string; version: number; status: FormVersionStatus }[]> {
    if (formIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('form_versions')
      .select(['form_id', 'version', 'status'])
      .where('form_id', 'in', [...formIds])
      .execute();
    return rows.map((r) => ({ formId: r.form_id, version: r.version, status: r.status as FormVersionStatus }));
  }

  async insertVersion(v: Omit<StoredFormVersion, 'updatedAt'>): Promise<void> {
    const created = timeValue(this.dialect, v.createdAt);
    await this.db
      .insertInto('form_versions')
      .values({
        form_id: v.formId,
        version: v.version,
        status: v.status,
        definition: jsonValue(v.definition),
        created_by: v.createdBy,
        created_at: created,
        updated_at: created,
        published_at: v.publishedAt ? timeValue(this.dialect, v.publishedAt) : null,
      })
      .execute();
  }

  /** Only drafts change; the database refuses to change a published version. */
  async updateDraft(formId: string, version: number, definition: unknown, now: Date): Promise<void> {
    await this.db
      .updateTable('form_versions')
      .set({ definition: jsonValue(definition), updated_at: timeValue(this.dialect, now) })
      .where('form_id', '=', formId)
      .where('version', '=', version)
      .where('status', '=', 'draft')
      .execute();
  }

  async publish(formId: string, version: number, now: Date): Promise<void> {
    const at = timeValue(this.dialect, now);
    await this.db
      .updateTable('form_versions')
      .set({ status: 'published', published_at: at, updated_at: at })
      .where('form_id', '=', formId)
      .where('version', '=', version)
      .where('status', '=', 'draft')
      .execute();
  }
}
