import type { AreaScope, ReminderKind, SchoolText } from '@pollwatch/core';
import type { Kysely } from 'kysely';
import { areaInScope } from '../area-scope.ts';
import type { DialectName } from '../database.ts';
import { DataKeyring } from '../field-crypto.ts';
import type { Database } from '../schema.ts';
import { boolValue, jsonValue, readBool, readJson, readTime, timeValue } from '../values.ts';
import { claimOldest } from './claim-oldest.ts';

export interface AttemptStep {
  questionId: string;
  optionIds: string[];
  right: boolean;
}

export type ReminderStatus = 'queued' | 'sending' | 'sent' | 'to_call' | 'called' | 'skipped';

export interface StoredReminder {
  id: string;
  classId: string;
  applicantId: string;
  kind: ReminderKind;
  status: ReminderStatus;
  channel: string | null;
  attempts: number;
}

/** A reminder as the coordinator's list shows it (a regional coordinator: their area's people only). */
export interface ReminderListItem extends StoredReminder {
  fullName: string;
  phone: string;
  classTitle: SchoolText;
  startsAt: Date;
  doneAt: Date | null;
}

/** Who a reminder goes to, and how they can be reached. */
export interface ReminderContact {
  applicantId: string;
  phone: string;
  locale: string;
  telegramChatId: string | null;
  signedUp: boolean;
}

/**
 * The school's places and reminders (issue 20): answers given one question at a time, the class
 * lock that serialises every change of a class's places, the waiting list in order, and the
 * reminder queue (claimed with FOR UPDATE SKIP LOCKED on PostgreSQL, like the export jobs).
 */
export class SchoolPlacesRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
    /** Phones are sealed at rest (field-crypto.ts): opened here for the reminder and the call list only. */
    private readonly keys: DataKeyring = new DataKeyring(),
  ) {}

  private t(date: Date) {
    return timeValue(this.dialect, date);
  }

  // ---- One question at a time ----

  async steps(attemptId: string): Promise<AttemptStep[]> {
    const rows = await this.db
      .selectFrom('school_attempt_steps')
      .select(['question_id', 'option_ids', 'is_right'])
      .where('attempt_id', '=', attemptId)
      .orderBy('answered_at')
      .orderBy('question_id')
      .execute();
    return rows.map((r) => ({
      questionId: r.question_id,
      optionIds: readJson(r.option_ids) as string[],
      right: readBool(r.is_right),
    }));
  }

  /** Fixes one answer; false when the question was already answered in this attempt. */
  async addStep(attemptId: string, step: AttemptStep, now: Date): Promise<boolean> {
    const result = await this.db
      .insertInto('school_attempt_steps')
      .values({
        attempt_id: attemptId,
        question_id: step.questionId,
        option_ids: jsonValue(step.optionIds),
        is_right: boolValue(this.dialect, step.right),
        answered_at: this.t(now),
      })
      .onConflict((oc) => oc.columns(['attempt_id', 'question_id']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  // ---- Places ----

  /**
   * Holds the class's row until the transaction ends, so sign-ups, cancellations and capacity
   * changes of one class happen one after another (two cancellations at once never promote the same
   * person, nor more than the freed places). SQLite runs one write transaction at a time already.
   */
  async lockClass(classId: string): Promise<void> {
    if (this.dialect !== 'postgres') return;
    await this.db.selectFrom('school_classes').select('id').where('id', '=', classId).forUpdate().execute();
  }

  async setCapacity(classId: string, capacity: number): Promise<void> {
    await this.db.updateTable('school_classes').set({ capacity }).where('id', '=', classId).execute();
  }

  async setSignupState(
    signupId: string,
    state: 'signed_up' | 'waitlisted' | 'cancelled',
    now: Date,
    requeue = false,
  ): Promise<void> {
    await this.db
      .updateTable('school_signups')
      .set({ state, ...(requeue ? { created_at: this.t(now), attended_at: null } : {}) })
      .where('id', '=', signupId)
      .execute();
  }

  /** The first `limit` of the waiting list: first come, first served. */
  async waiting(classId: string, limit: number): Promise<{ id: string; applicantId: string }[]> {
    if (limit <= 0) return [];
    const rows = await this.db
      .selectFrom('school_signups')
      .select(['id', 'applicant_id'])
      .where('class_id', '=', classId)
      .where('state', '=', 'waitlisted')
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: r.id, applicantId: r.applicant_id }));
  }

  async countWaiting(classId: string): Promise<number> {
    const row = await this.db
      .selectFrom('school_signups')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('class_id', '=', classId)
      .where('state', '=', 'waitlisted')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  // ---- Reminders ----

  /** Classes starting within `horizon` of now (the ones a reminder may be due for). */
  async upcomingClasses(now: Date, horizonMs: number) {
    const rows = await this.db
      .selectFrom('school_classes as c')
      .innerJoin('elections as e', 'e.id', 'c.election_id')
      .select(['c.id', 'c.starts_at', 'e.time_zone'])
      .where('c.starts_at', '>', this.t(now))
      .where('c.starts_at', '<=', this.t(new Date(now.getTime() + horizonMs)))
      .orderBy('c.starts_at')
      .execute();
    return rows.map((r) => ({ id: r.id, startsAt: readTime(r.starts_at), timeZone: r.time_zone }));
  }

  /**
   * Queues a reminder of `kind` to everyone with a place in the class who has none of that kind yet.
   * The unique (class, person, kind) index makes a second run, or another process's run, add nothing.
   */
  async queueReminders(classId: string, kind: ReminderKind, newId: () => string, now: Date): Promise<number> {
    const people = await this.db
      .selectFrom('school_signups as s')
      .select('s.applicant_id')
      .where('s.class_id', '=', classId)
      .where('s.state', '=', 'signed_up')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('school_reminders as r')
              .select('r.id')
              .whereRef('r.class_id', '=', 's.class_id')
              .whereRef('r.applicant_id', '=', 's.applicant_id')
              .where('r.kind', '=', kind),
          ),
        ),
      )
      .execute();
    if (people.length === 0) return 0;
    const result = await this.db
      .insertInto('school_reminders')
      .values(
        people.map((p) => ({
          id: newId(),
          class_id: classId,
          applicant_id: p.applicant_id,
          kind,
          status: 'queued',
          channel: null,
          runner: null,
          claimed_at: null,
          done_at: null,
          done_by: null,
          created_at: this.t(now),
        })),
      )
      .onConflict((oc) => oc.columns(['class_id', 'applicant_id', 'kind']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0);
  }

  /**
   * The oldest queued reminder — or one being sent whose claim is older than `staleBefore` (its
   * process stopped) — now this runner's; undefined when there is none. PostgreSQL takes it with
   * one statement and SKIP LOCKED, so processes never wait on or take the same reminder.
   */
  async claimReminder(runner: string, now: Date, staleBefore: Date): Promise<StoredReminder | undefined> {
    const id = await claimOldest(
      this.db,
      this.dialect,
      'school_reminders',
      (eb) =>
        eb.or([
          eb('status', '=', 'queued'),
          eb.and([eb('status', '=', 'sending'), eb('claimed_at', '<', this.t(staleBefore))]),
        ]),
      (eb) => ({ status: 'sending', runner, claimed_at: this.t(now), attempts: eb('attempts', '+', 1) }),
    );
    return id ? this.findReminder(id) : undefined;
  }

  async findReminder(id: string): Promise<StoredReminder | undefined> {
    const r = await this.db.selectFrom('school_reminders').selectAll().where('id', '=', id).executeTakeFirst();
    return r
      ? {
          id: r.id,
          classId: r.class_id,
          applicantId: r.applicant_id,
          kind: r.kind as ReminderKind,
          status: r.status as ReminderStatus,
          channel: r.channel,
          attempts: Number(r.attempts),
        }
      : undefined;
  }

  /** Ends this runner's claim; false when it is no longer this runner's (taken over). */
  async finishReminder(
    id: string,
    runner: string,
    outcome: { status: ReminderStatus; channel: string | null },
    now: Date,
  ): Promise<boolean> {
    const done = outcome.status === 'sent' || outcome.status === 'skipped';
    const result = await this.db
      .updateTable('school_reminders')
      .set({
        status: outcome.status,
        channel: outcome.channel,
        runner: null,
        ...(done ? { done_at: this.t(now) } : {}),
      })
      .where('id', '=', id)
      .where('status', '=', 'sending')
      .where('runner', '=', runner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async contact(classId: string, applicantId: string): Promise<ReminderContact | undefined> {
    const row = await this.db
      .selectFrom('applicants as a')
      .leftJoin('school_signups as s', (j) => j.onRef('s.applicant_id', '=', 'a.id').on('s.class_id', '=', classId))
      .select(['a.id', 'a.phone', 'a.locale', 'a.user_id', 's.state'])
      .where('a.id', '=', applicantId)
      .executeTakeFirst();
    if (!row) return undefined;
    const chat = row.user_id
      ? await this.db
          .selectFrom('channel_identities')
          .select('address_sealed')
          .where('user_id', '=', row.user_id)
          .where('channel', '=', 'telegram')
          .orderBy('created_at', 'desc')
          .executeTakeFirst()
      : undefined;
    return {
      applicantId: row.id,
      phone: this.keys.decrypt(row.phone, 'applicants.phone'),
      locale: row.locale,
      telegramChatId: chat?.address_sealed
        ? this.keys.decrypt(chat.address_sealed, 'channel_identities.address')
        : null,
      signedUp: row.state === 'signed_up',
    };
  }

  /** The reminders of an election's classes, for people in the scope; the calls to make first. */
  async listReminders(
    electionId: string,
    scope: AreaScope,
    filter: { status?: ReminderStatus | undefined; classId?: string | undefined },
    limit = 500,
  ): Promise<ReminderListItem[]> {
    let q = this.db
      .selectFrom('school_reminders as r')
      .innerJoin('school_classes as c', 'c.id', 'r.class_id')
      .innerJoin('applicants as a', 'a.id', 'r.applicant_id')
      .selectAll('r')
      .select(['a.full_name', 'a.phone', 'c.title', 'c.starts_at'])
      .where('c.election_id', '=', electionId)
      .where(areaInScope('a.area_id', scope));
    if (filter.status) q = q.where('r.status', '=', filter.status);
    if (filter.classId) q = q.where('r.class_id', '=', filter.classId);
    const rows = await q.orderBy('c.starts_at').orderBy('a.full_name').orderBy('r.kind').limit(limit).execute();
    return rows.map((r) => ({
      id: r.id,
      classId: r.class_id,
      applicantId: r.applicant_id,
      kind: r.kind as ReminderKind,
      status: r.status as ReminderStatus,
      channel: r.channel,
      attempts: Number(r.attempts),
      fullName: r.full_name,
      phone: this.keys.decrypt(r.phone, 'applicants.phone'),
      classTitle: readJson(r.title) as SchoolText,
      startsAt: readTime(r.starts_at),
      doneAt: r.done_at ? readTime(r.done_at) : null,
    }));
  }

  /** The coordinator called: false unless the reminder was waiting for a call. */
  async markCalled(id: string, userId: string, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('school_reminders')
      .set({ status: 'called', done_by: userId, done_at: this.t(now) })
      .where('id', '=', id)
      .where('status', '=', 'to_call')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
