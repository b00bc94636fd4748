import { randomUUID } from 'node:crypto';
import {
  type Applicant,
  type ApplicantImportValue,
  AreaIndex,
  applicantImportFields,
  cellReader,
  changedApplicantFields,
  keepUnmappedApplicantFields,
  parseApplicantRow,
} from '@pollwatch/core';
import { timeOrderedId } from '../../recruitment/ordered-id.ts';
import { fixedFields, type ImportKindDefinition } from '../import-kind.ts';
import { REPORT_LIMIT } from '../row-tally.ts';

interface ApplicantUpsert {
  /** The stored applicant with this phone, or undefined for a new one. */
  existing: Applicant | undefined;
  value: ApplicantImportValue;
}

/**
 * The applicants roster: rows matched by phone (E.164) with the stored applicants; new phones are
 * added, known ones get their details updated (never their status: the pipeline moves people, not
 * files), and keep every detail the file has no column for. Applicants may belong to an election (the one recruited for), or to none.
 */
export const applicantsImport: ImportKindDefinition<ApplicantUpsert[]> = {
  kind: 'applicants',
  permission: 'applicants.manage',
  election: 'optional',
  fields: async () => fixedFields(applicantImportFields),

  async plan({ store, indexes, report, addProblems }, rows) {
    const areas = new AreaIndex(await store.areas.list());
    const parsed: { line: number; value: ApplicantImportValue }[] = [];
    const seen = new Map<string, number>();
    for await (const row of rows) {
      report.rows += 1;
      const result = parseApplicantRow(row.line, cellReader(row.cells, indexes), areas);
      if (!result.value) {
        report.rejected += 1;
        addProblems(result.problems);
        continue;
      }
      const firstLine = seen.get(result.value.phone);
      if (firstLine !== undefined) {
        report.rejected += 1;
        addProblems([{ line: row.line, field: 'phone', code: 'duplicate_in_file', params: { firstLine } }]);
        continue;
      }
      seen.set(result.value.phone, row.line);
      parsed.push({ line: row.line, value: result.value });
    }
    const stored = new Map<string, Applicant>();
    const phones = parsed.map((p) => p.value.phone);
    for (let i = 0; i < phones.length; i += 500) {
      for (const a of await store.applicants.listByKeys({ phones: phones.slice(i, i + 500) })) {
        if (!stored.has(a.phone)) stored.set(a.phone, a);
      }
    }
    const upserts: ApplicantUpsert[] = [];
    const mapped = new Set(Object.keys(indexes));
    for (const { line, value: fromFile } of parsed) {
      const existing = stored.get(fromFile.phone);
      const value = existing ? keepUnmappedApplicantFields(existing, fromFile, mapped) : fromFile;
      if (!existing) {
        report.added += 1;
        upserts.push({ existing, value });
        continue;
      }
      const changed = changedApplicantFields(existing, value);
      if (changed.length === 0) {
        report.unchanged += 1;
        continue;
      }
      report.changed += 1;
      if (report.changes.length < REPORT_LIMIT) report.changes.push({ line, key: String(line), fields: changed });
      upserts.push({ existing, value });
    }
    return upserts;
  },

  async apply({ tx, electionId, now }, upserts) {
    for (const { existing, value } of upserts) {
      const { status, ...details } = value;
      if (existing) {
        await tx.applicants.update(existing.id, details, now);
        continue;
      }
      const id = randomUUID();
      await tx.applicants.create(
        id,
        {
          ...details,
          electionId,
          consentVersion: null,
          consentedAt: null,
          status,
          statusReason: null,
          locale: 'ru',
          userId: null,
          source: 'import',
          mergedInto: null,
          anonymisedAt: null,
        },
        now,
      );
      await tx.applicants.addEvent({
        id: timeOrderedId(now),
        applicantId: id,
        at: now,
        actorId: null,
        kind: 'created',
        fromStatus: null,
        toStatus: status,
        text: null,
      });
    }
  },
};
