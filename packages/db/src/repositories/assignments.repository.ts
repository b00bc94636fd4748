import type { AreaScope, Assignment, AssignmentShift } from '@pollwatch/core';
import { DomainError } from '@pollwatch/core';
import type { Kysely } from 'kysely';
import { stationInScope } from '../area-scope.ts';
import type { DialectName } from '../database.ts';
import { DataKeyring } from '../field-crypto.ts';
import type { Database } from '../schema.ts';
import { isUniqueViolation } from '../unique-violation.ts';
import { readTime, timeValue } from '../values.ts';

export interface AssignmentView extends Assignment {
  observerName: string;
  stationNumber: number;
  stationAddress: string;
}

export class AssignmentsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
    /** Opens the applicants' sealed phones (an assignments file names observers by phone). */
    private readonly keys: DataKeyring = new DataKeyring(),
  ) {}

  async create(a: Omit<Assignment, 'createdAt'> & { createdBy: string | null }, now: Date): Promise<void> {
    try {
      await this.db
        .insertInto('assignments')
        .values({
          id: a.id,
          election_id: a.electionId,
          observer_id: a.observerId,
          station_id: a.stationId,
          shift: a.shift,
          created_by: a.createdBy,
          created_at: timeValue(this.dialect, now),
        })
        .execute();
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DomainError('conflict', 'the observer already has this shift at this station');
      throw error;
    }
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('assignments').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** The assignment; with a scope, only if its station lies in it. */
  async findById(id: string, scope?: AreaScope): Promise<Assignment | undefined> {
    let query = this.db.selectFrom('assignments').selectAll().where('id', '=', id);
    if (scope) query = query.where(stationInScope('assignments.station_id', scope));
    const r = await query.executeTakeFirst();
    return r
      ? {
          id: r.id,
          electionId: r.election_id,
          observerId: r.observer_id,
          stationId: r.station_id,
          shift: r.shift as AssignmentShift,
          createdAt: readTime(r.created_at),
        }
      : undefined;
  }

  async list(filter: {
    electionId: string;
    stationId?: string | undefined;
    observerId?: string | undefined;
    /** The actor's area scope: assignments to stations in it only. */
    scope?: AreaScope | undefined;
  }): Promise<AssignmentView[]> {
    let q = this.db
      .selectFrom('assignments as a')
      .innerJoin('users as u', 'u.id', 'a.observer_id')
      .innerJoin('stations as s', 's.id', 'a.station_id')
      .select([
        'a.id',
        'a.election_id',
        'a.observer_id',
        'a.station_id',
        'a.shift',
        'a.created_at',
        'u.display_name',
        's.number',
        's.address',
      ])
      .where('a.election_id', '=', filter.electionId);
    if (filter.stationId) q = q.where('a.station_id', '=', filter.stationId);
    if (filter.observerId) q = q.where('a.observer_id', '=', filter.observerId);
    if (filter.scope) q = q.where(stationInScope('a.station_id', filter.scope));
    const rows = await q.orderBy('s.number').orderBy('a.shift').execute();
    return rows.map((r) => ({
      id: r.id,
      electionId: r.election_id,
      observerId: r.observer_id,
      stationId: r.station_id,
      shift: r.shift as AssignmentShift,
      createdAt: readTime(r.created_at),
      observerName: r.display_name,
      stationNumber: r.number,
      stationAddress: r.address,
    }));
  }

  /** Which of these observer × station pairs have an assignment, as `observer:station` keys. */
  async assignedPairs(pairs: readonly { observerId: string; stationId: string }[]): Promise<Set<string>> {
    if (pairs.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('assignments')
      .select(['observer_id', 'station_id'])
      .where('observer_id', 'in', [...new Set(pairs.map((p) => p.observerId))])
      .where('station_id', 'in', [...new Set(pairs.map((p) => p.stationId))])
      .execute();
    return new Set(rows.map((r) => `${r.observer_id}:${r.station_id}`));
  }

  /**
   * Every observer account with the keys an assignments file can name it by: the account's e-mail
   * and the phones of the applicants linked to it (anonymised records have none).
   */
  async observerAccounts(): Promise<
    { id: string; active: boolean; email: string | null; displayName: string; phones: string[] }[]
  > {
    const users = await this.db
      .selectFrom('users')
      .select(['id', 'status', 'email', 'display_name'])
      .where('role', '=', 'observer')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const phones = await this.db
      .selectFrom('applicants as a')
      .innerJoin('users as u', 'u.id', 'a.user_id')
      .select(['a.user_id', 'a.phone'])
      .where('u.role', '=', 'observer')
      .where('a.anonymised_at', 'is', null)
      .orderBy('a.created_at')
      .execute();
    const byUser = new Map<string, string[]>();
    for (const p of phones) {
      if (!p.user_id) continue;
      const phone = this.keys.decrypt(p.phone, 'applicants.phone');
      if (phone.startsWith('anon:')) continue;
      const list = byUser.get(p.user_id) ?? [];
      if (!list.includes(phone)) list.push(phone);
      byUser.set(p.user_id, list);
    }
    return users.map((u) => ({
      id: u.id,
      active: u.status === 'active',
      email: u.email,
      displayName: u.display_name,
      phones: byUser.get(u.id) ?? [],
    }));
  }

  /** The elections an observer has any assignment in. */
  async electionIdsOf(observerId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('assignments')
      .select('election_id')
      .distinct()
      .where('observer_id', '=', observerId)
      .execute();
    return rows.map((r) => r.election_id);
  }

  async isAssigned(observerId: string, stationId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('assignments')
      .select('id')
      .where('observer_id', '=', observerId)
      .where('station_id', '=', stationId)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }
}
