import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  type Applicant,
  type ApplicantEvent,
  type ApplicantStatus,
  type ApplicantsExportQuery,
  type ApplicantsQuery,
  anonymisedFields,
  applicantExportFields,
  applicantExportRow,
  type BulkStatusResult,
  checkTransition,
  cleanText,
  DomainError,
  iinBirthDate,
  invitableStatuses,
  normaliseFullName,
  normaliseIin,
  type UpdateApplicantBody,
} from '@pollwatch/core';
import type { ApplicantFilter, ApplicantPatch, Store } from '@pollwatch/db';
import { writeCsv, writeXlsx } from '@pollwatch/documents';
import { type Actor, audit, scopeOf } from '../auth/actor.ts';
import type { AuthService } from '../auth/auth.service.ts';
import { validationFailed } from '../http/validation-problems.ts';
import { visibleApplicant } from './applicant-scope.ts';
import { phoneOrProblem } from './join.service.ts';
import { timeOrderedId } from './ordered-id.ts';

const PAGE = 50;

function decodeCursor(cursor: string | undefined): { createdAt: Date; id: string } | undefined {
  if (!cursor) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)_([0-9a-f-]{36})$/.exec(cursor);
  if (!m || Number.isNaN(new Date(m[1] as string).getTime())) {
    throw new DomainError('validation_failed', 'bad cursor', [
      { in: 'querystring', path: '/after', keyword: 'format' },
    ]);
  }
  return { createdAt: new Date(m[1] as string), id: m[2] as string };
}

/** The HQ's pipeline: who signed up, who called them, who trained, who goes to which station. */
export class ApplicantsService {
  constructor(
    private readonly store: Store,
    private readonly auth: AuthService,
    private readonly now: () => Date,
  ) {}

  /** The filter narrowed to the actor's scope (and to the asked-for area's subtree), applied in SQL. */
  private filterFor(actor: Actor, query: Omit<ApplicantsQuery, 'after' | 'limit'>): ApplicantFilter {
    return {
      scope: scopeOf(actor),
      areaId: query.areaId,
      q: query.q,
      status: query.status,
      availability: query.availability,
      language: query.language,
      electionId: query.electionId,
    };
  }

  async list(actor: Actor, query: ApplicantsQuery) {
    const limit = query.limit ?? PAGE;
    const filter = this.filterFor(actor, query);
    const { items, total } = await this.store.applicants.search({
      ...filter,
      after: decodeCursor(query.after),
      limit: limit + 1,
    });
    const page = items.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page,
      total,
      nextCursor: items.length > limit && last ? `${last.createdAt.toISOString()}_${last.id}` : null,
    };
  }

  /** A full record: every view is in the audit log. */
  async get(actor: Actor, id: string): Promise<{ applicant: Applicant; events: ApplicantEvent[] }> {
    const applicant = await visibleApplicant(this.store, actor, id);
    await this.viewed(actor, applicant.id, {});
    return { applicant, events: await this.store.applicants.events(id) };
  }

  /** An observer's own record, or not_found for anyone with none. */
  async mine(actor: Actor): Promise<{ applicant: Applicant; events: ApplicantEvent[] }> {
    const applicant = await this.store.applicants.findByUserId(actor.user.id);
    if (!applicant) throw new DomainError('not_found', 'no applicant record for this account');
    await this.viewed(actor, applicant.id, { self: true });
    return { applicant, events: [] };
  }

  private async viewed(actor: Actor, id: string, details: Record<string, unknown>): Promise<void> {
    const now = this.now();
    await this.store.transaction((tx) =>
      audit(tx, actor, { action: 'applicant.viewed', entityType: 'applicant', entityId: id, details }, now),
    );
  }

  async update(actor: Actor, id: string, body: UpdateApplicantBody): Promise<Applicant> {
    const now = this.now();
    const scope = scopeOf(actor);
    return this.store.transaction(async (tx) => {
      const existing = await visibleApplicant(tx, actor, id);
      if (existing.anonymisedAt) throw new DomainError('conflict', 'this applicant was anonymised');
      const problems: { field: string; code: string }[] = [];
      const patch: ApplicantPatch = {};
      if (body.fullName !== undefined) {
        const name = normaliseFullName(body.fullName);
        if (name) patch.fullName = name;
        else problems.push({ field: 'fullName', code: 'name_invalid' });
      }
      if (body.phone !== undefined) patch.phone = phoneOrProblem(body.phone);
      if (body.email !== undefined) patch.email = body.email?.trim().toLowerCase() || null;
      if (body.birthDate !== undefined) patch.birthDate = body.birthDate;
      if (body.iin !== undefined) {
        if (body.iin === null || body.iin.trim() === '') patch.iin = null;
        else {
          const checked = normaliseIin(body.iin);
          const birth = patch.birthDate !== undefined ? patch.birthDate : existing.birthDate;
          if (!checked.ok) problems.push({ field: 'iin', code: 'iin_invalid' });
          else if (birth && iinBirthDate(checked.iin) !== birth) {
            problems.push({ field: 'iin', code: 'iin_birth_date_mismatch' });
          } else patch.iin = checked.iin;
        }
      }
      if (body.areaId !== undefined) {
        if (body.areaId !== null && !(await tx.areas.findById(body.areaId))) {
          problems.push({ field: 'areaId', code: 'not_found' });
        } else if (scope.kind !== 'all' && (body.areaId === null || !(await tx.areas.findById(body.areaId, scope)))) {
          // A regional coordinator cannot move someone out of their own area.
          problems.push({ field: 'areaId', code: 'forbidden' });
        } else patch.areaId = body.areaId;
      }
      if (body.languages !== undefined) patch.languages = [...new Set(body.languages)];
      if (body.availability !== undefined) patch.availability = [...new Set(body.availability)];
      if (body.idDocument !== undefined) patch.idDocument = cleanText(body.idDocument, 50);
      if (body.locale !== undefined) patch.locale = body.locale;
      if (problems.length) throw validationFailed('the applicant is not consistent', problems);
      const updated = await tx.applicants.update(id, patch, now);
      await this.event(tx, actor, id, 'updated', null, null, null, now);
      await audit(
        tx,
        actor,
        {
          action: 'applicant.updated',
          entityType: 'applicant',
          entityId: id,
          details: { fields: Object.keys(body).sort() },
        },
        now,
      );
      return updated;
    });
  }

  private async event(
    tx: Store,
    actor: Actor | null,
    applicantId: string,
    kind: ApplicantEvent['kind'],
    fromStatus: ApplicantStatus | null,
    toStatus: ApplicantStatus | null,
    text: string | null,
    at: Date,
  ): Promise<void> {
    await tx.applicants.addEvent({
      id: timeOrderedId(at),
      applicantId,
      at,
      actorId: actor?.user.id ?? null,
      kind,
      fromStatus,
      toStatus,
      text,
    });
  }

  private async moveStatus(
    tx: Store,
    actor: Actor,
    applicant: Applicant,
    to: ApplicantStatus,
    reason: string | null,
    now: Date,
  ): Promise<Applicant> {
    const problem = checkTransition(applicant.status, to, reason);
    if (problem) {
      throw new DomainError(problem, `cannot move from ${applicant.status} to ${to}`, {
        from: applicant.status,
        to,
      });
    }
    const updated = await tx.applicants.update(applicant.id, { status: to, statusReason: reason }, now);
    await this.event(tx, actor, applicant.id, 'status', applicant.status, to, reason, now);
    // The reason is free text and may name people: the audit keeps the codes only.
    await audit(
      tx,
      actor,
      {
        action: 'applicant.status_changed',
        entityType: 'applicant',
        entityId: applicant.id,
        details: { from: applicant.status, to, withReason: reason !== null },
      },
      now,
    );
    return updated;
  }

  async changeStatus(actor: Actor, id: string, to: ApplicantStatus, reason: string | undefined): Promise<Applicant> {
    const now = this.now();
    return this.store.transaction(async (tx) => {
      const applicant = await visibleApplicant(tx, actor, id);
      return this.moveStatus(tx, actor, applicant, to, cleanText(reason, 1000), now);
    });
  }

  /** Moves each applicant it can; the others stay as they were, with the reason why. */
  async bulkStatus(actor: Actor, ids: readonly string[], to: ApplicantStatus, reason: string | undefined) {
    const now = this.now();
    const text = cleanText(reason, 1000);
    const scope = scopeOf(actor);
    return this.store.transaction(async (tx) => {
      const result: BulkStatusResult = { changed: [], refused: [] };
      for (const id of ids) {
        const applicant = await tx.applicants.findById(id, scope);
        if (!applicant || applicant.mergedInto) {
          // Outside the actor's area answers like a missing one, and the attempt is on the record,
          // as it is for a single applicant (`visibleApplicant`).
          const exists = applicant ?? (scope.kind === 'all' ? undefined : await tx.applicants.findById(id));
          if (exists && !exists.mergedInto) {
            await tx.audit.append(
              {
                actorId: actor.user.id,
                action: 'access.out_of_scope',
                outcome: 'refused',
                entityType: 'applicant',
                entityId: id,
                details: { route: 'applicants.bulk_status' },
              },
              now,
            );
          }
          result.refused.push({ id, code: 'not_found' });
          continue;
        }
        const problem = checkTransition(applicant.status, to, text);
        if (problem) {
          result.refused.push({ id, code: problem });
          continue;
        }
        await this.moveStatus(tx, actor, applicant, to, text, now);
        result.changed.push(id);
      }
      return result;
    });
  }

  async addNote(actor: Actor, id: string, text: string): Promise<ApplicantEvent[]> {
    const now = this.now();
    await this.store.transaction(async (tx) => {
      await visibleApplicant(tx, actor, id);
      await this.event(tx, actor, id, 'note', null, null, cleanText(text, 4000), now);
      await audit(tx, actor, { action: 'applicant.note_added', entityType: 'applicant', entityId: id }, now);
    });
    return this.store.applicants.events(id);
  }

  /** Live applicants sharing a phone or an IIN, within the actor's scope. */
  async duplicates(actor: Actor): Promise<{ reason: 'phone' | 'iin'; applicants: Applicant[] }[]> {
    const scope = scopeOf(actor);
    const keys = await this.store.applicants.duplicateKeys(scope);
    const all = await this.store.applicants.listByKeys(keys, scope);
    const groups: { reason: 'phone' | 'iin'; applicants: Applicant[] }[] = [];
    // Grouping the rows SQL selected (both key lists and rows come from the scope).
    for (const phone of keys.phones) {
      const list = all.filter((a) => a.phone === phone);
      if (list.length > 1) groups.push({ reason: 'phone', applicants: list });
    }
    for (const iin of keys.iins) {
      const list = all.filter((a) => a.iin === iin);
      if (list.length > 1) groups.push({ reason: 'iin', applicants: list });
    }
    return groups;
  }

  /**
   * Keeps `id`, fills its empty fields from the duplicate, moves the duplicate's history and
   * letters over, and hides the duplicate (merged_into). The kept record's own values win.
   */
  async merge(actor: Actor, id: string, duplicateId: string): Promise<Applicant> {
    if (id === duplicateId)
      throw validationFailed('an applicant cannot be merged into itself', [{ field: 'duplicateId', code: 'same' }]);
    const now = this.now();
    return this.store.transaction(async (tx) => {
      const kept = await visibleApplicant(tx, actor, id);
      const dup = await visibleApplicant(tx, actor, duplicateId);
      if (kept.userId && dup.userId) {
        throw new DomainError('conflict', 'both applicants have observer accounts; disable one first');
      }
      const patch: ApplicantPatch = {};
      for (const field of [
        'email',
        'iin',
        'birthDate',
        'areaId',
        'experience',
        'referralSource',
        'idDocument',
        'userId',
        'electionId',
      ] as const) {
        if (kept[field] === null && dup[field] !== null) (patch as Record<string, unknown>)[field] = dup[field];
      }
      patch.languages = [...new Set([...kept.languages, ...dup.languages])];
      patch.availability = [...new Set([...kept.availability, ...dup.availability])];
      if (dup.userId && !kept.userId) await tx.applicants.update(dup.id, { userId: null }, now);
      await tx.applicants.moveEvents(dup.id, kept.id);
      await tx.referrals.moveToApplicant(dup.id, kept.id);
      await tx.applicants.update(dup.id, { mergedInto: kept.id }, now);
      const merged = await tx.applicants.update(kept.id, patch, now);
      await this.event(tx, actor, kept.id, 'merged', null, null, null, now);
      await audit(
        tx,
        actor,
        {
          action: 'applicant.merged',
          entityType: 'applicant',
          entityId: kept.id,
          details: { duplicateId: dup.id, fields: Object.keys(patch).sort() },
        },
        now,
      );
      return merged;
    });
  }

  /**
   * Makes (once) the observer account of a certified applicant, placed in the applicant's area, and
   * issues a fresh invite code, shown once to the coordinator to read out or copy (SMS/Telegram
   * delivery comes later). An observer already signed in is re-invited only with `replaceSession`.
   */
  async invite(
    actor: Actor,
    id: string,
    options: { replaceSession?: boolean | undefined } = {},
  ): Promise<{ applicant: Applicant; userId: string; code: string; expiresAt: Date }> {
    const now = this.now();
    const { applicant, userId } = await this.store.transaction(async (tx) => {
      const a = await visibleApplicant(tx, actor, id);
      if (!invitableStatuses.includes(a.status) || a.anonymisedAt) {
        throw new DomainError('applicant_not_eligible', 'only certified, accredited or active applicants are invited', {
          status: a.status,
        });
      }
      if (a.userId) return { applicant: a, userId: a.userId };
      const user = await tx.users.create(
        {
          id: randomUUID(),
          role: 'observer',
          email: null,
          passwordHash: null,
          displayName: a.fullName,
          locale: a.locale,
          areaId: a.areaId,
        },
        now,
      );
      const linked = await tx.applicants.update(a.id, { userId: user.id }, now);
      await audit(
        tx,
        actor,
        { action: 'user.created', entityType: 'user', entityId: user.id, details: { role: 'observer' } },
        now,
      );
      return { applicant: linked, userId: user.id };
    });
    const issued = await this.auth.issueInvite(actor, userId, options);
    await this.store.transaction(async (tx) => {
      await this.event(tx, actor, applicant.id, 'invited', null, null, null, now);
      await audit(
        tx,
        actor,
        { action: 'applicant.invited', entityType: 'applicant', entityId: applicant.id, details: { userId } },
        now,
      );
    });
    return { applicant, userId, code: issued.code, expiresAt: issued.expiresAt };
  }

  /** The roster in the import columns; every cell formula-safe; the export itself is audited. */
  async export(actor: Actor, query: ApplicantsExportQuery): Promise<{ stream: Readable; format: 'csv' | 'xlsx' }> {
    const format = query.format ?? 'csv';
    const applicants = await this.store.applicants.listAll(this.filterFor(actor, query));
    const areas = new Map((await this.store.areas.list()).map((a) => [a.id, a]));
    const label = (id: string | null) => {
      const a = id ? areas.get(id) : undefined;
      return a ? (a.code ?? a.name.ru) : '';
    };
    const rows = applicants.filter((a) => !a.anonymisedAt).map((a) => applicantExportRow(a, label(a.areaId)));
    const now = this.now();
    await this.store.transaction((tx) =>
      audit(
        tx,
        actor,
        {
          action: 'applicant.exported',
          entityType: 'applicant',
          details: {
            format,
            count: rows.length,
            filters: Object.keys(query)
              .filter((k) => k !== 'format')
              .sort(),
          },
        },
        now,
      ),
    );
    const headers = [...applicantExportFields];
    const stream =
      format === 'csv'
        ? writeCsv(headers, rows, { escapeFormulas: true })
        : writeXlsx(headers, rows, { sheetName: 'applicants', escapeFormulas: true });
    return { stream, format };
  }

  /**
   * Replaces the personal fields of every applicant of a finished election with placeholders,
   * `afterDays` days after voting day, revokes their letters and clears notes. Audited.
   */
  async anonymise(actor: Actor | null, electionId: string, afterDays: number): Promise<{ anonymised: number }> {
    const election = await this.store.elections.findById(electionId);
    if (!election) throw new DomainError('not_found', 'no such election');
    const now = this.now();
    const due = new Date(`${election.votingDate}T00:00:00Z`).getTime() + afterDays * 24 * 3600_000;
    if (now.getTime() < due) {
      throw new DomainError('conflict', `the election is not finished ${afterDays} days ago yet`, {
        dueAt: new Date(due).toISOString(),
      });
    }
    return this.store.transaction(async (tx) => {
      const ids = await tx.applicants.notAnonymised(electionId);
      for (const id of ids) {
        await tx.applicants.update(id, { ...anonymisedFields(id), statusReason: null, anonymisedAt: now }, now);
      }
      await tx.applicants.clearEventTexts(ids);
      await tx.referrals.revokeForApplicants(ids, now);
      await audit(
        tx,
        actor,
        {
          action: 'applicant.anonymised',
          entityType: 'election',
          entityId: electionId,
          details: { count: ids.length, afterDays },
        },
        now,
      );
      return { anonymised: ids.length };
    });
  }
}
