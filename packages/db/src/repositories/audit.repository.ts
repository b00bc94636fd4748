import type { AuditAction, AuditEntityType, AuditEntry, NewAuditEntry, Role } from '@pollwatch/core';
import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';
import type { Database } from '../schema.ts';
import { jsonValue, readInt, readJson, readTime, timeValue } from '../values.ts';

export interface AuditFilter {
  actorId?: string | undefined;
  action?: AuditAction | undefined;
  entityType?: AuditEntityType | undefined;
  entityId?: string | undefined;
  outcome?: 'ok' | 'refused' | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Keyset cursor: only entries with a smaller id (older). */
  before?: number | undefined;
  limit: number;
}

/** Append-only: there is no update or delete here, and the database refuses them too. */
export class AuditRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  async append(entry: NewAuditEntry, now: Date): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({
        at: timeValue(this.dialect, now),
        actor_id: entry.actorId,
        action: entry.action,
        entity_type: entry.entityType ?? null,
        entity_id: entry.entityId ?? null,
        outcome: entry.outcome ?? 'ok',
        details: jsonValue(entry.details ?? {}),
      })
      .execute();
  }

  async list(filter: AuditFilter): Promise<{ items: AuditEntry[]; nextCursor: number | null }> {
    let query = this.db
      .selectFrom('audit_log as a')
      .leftJoin('users as u', 'u.id', 'a.actor_id')
      .select([
        'a.id',
        'a.at',
        'a.actor_id',
        'a.action',
        'a.entity_type',
        'a.entity_id',
        'a.outcome',
        'a.details',
        'u.display_name as actor_name',
        'u.role as actor_role',
      ]);
    if (filter.actorId) query = query.where('a.actor_id', '=', filter.actorId);
    if (filter.action) query = query.where('a.action', '=', filter.action);
    if (filter.entityType) query = query.where('a.entity_type', '=', filter.entityType);
    if (filter.entityId) query = query.where('a.entity_id', '=', filter.entityId);
    if (filter.outcome) query = query.where('a.outcome', '=', filter.outcome);
    if (filter.from) query = query.where('a.at', '>=', timeValue(this.dialect, filter.from));
    if (filter.to) query = query.where('a.at', '<', timeValue(this.dialect, filter.to));
    if (filter.before) query = query.where('a.id', '<', filter.before);
    const rows = await query
      .orderBy('a.id', 'desc')
      .limit(filter.limit + 1)
      .execute();
    const page = rows.slice(0, filter.limit);
    const items: AuditEntry[] = page.map((row) => ({
      id: readInt(row.id),
      at: readTime(row.at),
      actorId: row.actor_id,
      actorName: row.actor_name ?? null,
      actorRole: (row.actor_role as Role | null) ?? null,
      action: row.action,
      entityType: row.entity_type,
      entityId: row.entity_id,
      outcome: row.outcome as 'ok' | 'refused',
      details: readJson(row.details),
    }));
    const last = items.at(-1);
    return { items, nextCursor: rows.length > filter.limit && last ? last.id : null };
  }
}
