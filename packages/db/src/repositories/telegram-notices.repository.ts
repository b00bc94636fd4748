import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';
import { DataKeyring } from '../field-crypto.ts';
import type { Database } from '../schema.ts';
import { readTime, timeValue } from '../values.ts';
import { claimOldest } from './claim-oldest.ts';

export type TelegramNoticeKind = 'follow_up' | 'turnout';
export type TelegramNoticeStatus = 'queued' | 'sending' | 'sent' | 'skipped' | 'failed';

export interface NewTelegramNotice {
  userId: string;
  kind: TelegramNoticeKind;
  subject: string;
  electionId: string;
  stationId: string;
  reportId?: string | null;
  checkpoint?: string | null;
}

export interface TelegramNotice extends NewTelegramNotice {
  id: string;
  status: TelegramNoticeStatus;
  attempts: number;
  createdAt: Date;
}

/** A follow-up request of the HQ whose observer has a linked Telegram chat. */
export interface LinkedFollowUp {
  reportId: string;
  userId: string;
  electionId: string;
  stationId: string;
  requestedAt: Date;
}

/** An observer with a linked chat assigned to a station, with the station's own hours if it has them. */
export interface LinkedAssignment {
  userId: string;
  stationId: string;
  shift: string;
  timeZone: string | null;
  pollsOpen: string | null;
  pollsClose: string | null;
}

/**
 * The messages the Telegram bot sends on its own (issue 22): follow-up requests and turnout
 * reminders. Queued once per observer and subject (unique index), claimed one at a time.
 */
export class TelegramNoticesRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
    /** Chats are sealed at rest (issue 21): opened here to send to them. */
    private readonly keys: DataKeyring = new DataKeyring(),
  ) {}

  private t(date: Date) {
    return timeValue(this.dialect, date);
  }

  /** Follow-up requests made since `since` to active observers with a linked chat. */
  async linkedFollowUps(since: Date): Promise<LinkedFollowUp[]> {
    const rows = await this.db
      .selectFrom('report_verifications as q')
      .innerJoin('reports as r', 'r.id', 'q.report_id')
      .innerJoin('users as u', 'u.id', 'r.observer_id')
      .innerJoin('channel_identities as c', (j) => j.onRef('c.user_id', '=', 'u.id').on('c.channel', '=', 'telegram'))
      .select(['q.report_id', 'r.observer_id', 'q.election_id', 'q.station_id', 'q.decided_at'])
      .where('q.status', '=', 'follow_up')
      .where('q.decided_at', '>=', this.t(since))
      .where('u.status', '=', 'active')
      .distinct()
      .execute();
    return rows.map((r) => ({
      reportId: r.report_id,
      userId: r.observer_id,
      electionId: r.election_id,
      stationId: r.station_id,
      requestedAt: readTime(r.decided_at ?? new Date(0)),
    }));
  }

  /** The election's assignments of active observers with a linked chat, on the given shifts. */
  async linkedAssignments(electionId: string, shifts: readonly string[]): Promise<LinkedAssignment[]> {
    const rows = await this.db
      .selectFrom('assignments as a')
      .innerJoin('users as u', 'u.id', 'a.observer_id')
      .innerJoin('stations as s', 's.id', 'a.station_id')
      .innerJoin('channel_identities as c', (j) => j.onRef('c.user_id', '=', 'u.id').on('c.channel', '=', 'telegram'))
      .select(['a.observer_id', 'a.station_id', 'a.shift', 's.time_zone', 's.polls_open', 's.polls_close'])
      .where('a.election_id', '=', electionId)
      .where('a.shift', 'in', [...shifts])
      .where('u.status', '=', 'active')
      .orderBy('a.observer_id')
      .orderBy('s.number')
      .execute();
    return rows.map((r) => ({
      userId: r.observer_id,
      stationId: r.station_id,
      shift: r.shift,
      timeZone: r.time_zone,
      pollsOpen: r.polls_open,
      pollsClose: r.polls_close,
    }));
  }

  /** Queues notices; one already queued for the same observer and subject is left alone. */
  async queue(notices: readonly NewTelegramNotice[], newId: () => string, now: Date): Promise<number> {
    if (notices.length === 0) return 0;
    const result = await this.db
      .insertInto('telegram_notices')
      .values(
        notices.map((n) => ({
          id: newId(),
          user_id: n.userId,
          kind: n.kind,
          subject: n.subject,
          election_id: n.electionId,
          station_id: n.stationId,
          report_id: n.reportId ?? null,
          checkpoint: n.checkpoint ?? null,
          runner: null,
          claimed_at: null,
          done_at: null,
          created_at: this.t(now),
        })),
      )
      .onConflict((oc) => oc.columns(['user_id', 'kind', 'subject']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0);
  }

  /**
   * The oldest queued notice (or one whose claim is older than `staleBefore`) now this runner's.
   * PostgreSQL takes it in one statement with SKIP LOCKED; SQLite has one writer.
   */
  async claim(runner: string, now: Date, staleBefore: Date): Promise<TelegramNotice | undefined> {
    const id = await claimOldest(
      this.db,
      this.dialect,
      'telegram_notices',
      (eb) =>
        eb.or([
          eb('status', '=', 'queued'),
          eb.and([eb('status', '=', 'sending'), eb('claimed_at', '<', this.t(staleBefore))]),
        ]),
      (eb) => ({ status: 'sending', runner, claimed_at: this.t(now), attempts: eb('attempts', '+', 1) }),
    );
    return id ? this.find(id) : undefined;
  }

  async find(id: string): Promise<TelegramNotice | undefined> {
    const r = await this.db.selectFrom('telegram_notices').selectAll().where('id', '=', id).executeTakeFirst();
    return r
      ? {
          id: r.id,
          userId: r.user_id,
          kind: r.kind as TelegramNoticeKind,
          subject: r.subject,
          electionId: r.election_id,
          stationId: r.station_id,
          reportId: r.report_id,
          checkpoint: r.checkpoint,
          status: r.status as TelegramNoticeStatus,
          attempts: Number(r.attempts),
          createdAt: readTime(r.created_at),
        }
      : undefined;
  }

  /** Ends this runner's claim; false when it is no longer this runner's. */
  async finish(id: string, runner: string, status: TelegramNoticeStatus, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('telegram_notices')
      .set({ status, runner: null, ...(status === 'queued' ? {} : { done_at: this.t(now) }) })
      .where('id', '=', id)
      .where('status', '=', 'sending')
      .where('runner', '=', runner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** The observer's linked Telegram chat, if any. */
  async chatOf(userId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('channel_identities')
      .select('address_sealed')
      .where('channel', '=', 'telegram')
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    return row?.address_sealed ? this.keys.decrypt(row.address_sealed, 'channel_identities.address') : undefined;
  }
}
