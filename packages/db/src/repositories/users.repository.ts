import type { AreaScope, Locale, Role, User, UserStatus } from '@pollwatch/core';
import { DomainError } from '@pollwatch/core';
import type { Kysely, Selectable, Updateable } from 'kysely';
import { observerInScope } from '../area-scope.ts';
import type { DialectName } from '../database.ts';
import type { Database, UsersTable } from '../schema.ts';
import { isUniqueViolation } from '../unique-violation.ts';
import { readTime, timeValue } from '../values.ts';
import type { StoredSession } from './sessions.repository.ts';

export interface NewUser {
  id: string;
  role: Role;
  email: string | null;
  passwordHash: string | null;
  displayName: string;
  locale: Locale;
  areaId?: string | null;
}

export interface UserFilter {
  role?: Role | undefined;
  status?: UserStatus | undefined;
  /** Matches name or email, case-insensitively. */
  q?: string | undefined;
  /** Only accounts that belong to the scope as observers (their account, applicant or stations). */
  scope?: AreaScope | undefined;
}

export interface UserPatch {
  role?: Role;
  displayName?: string;
  locale?: Locale;
  status?: UserStatus;
  passwordHash?: string;
  areaId?: string | null;
}

function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    role: row.role as Role,
    email: row.email,
    displayName: row.display_name,
    locale: row.locale as Locale,
    status: row.status as UserStatus,
    createdAt: readTime(row.created_at),
    updatedAt: readTime(row.updated_at),
    ...(row.area_id ? { areaId: row.area_id } : {}),
  };
}

export class UsersRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  async create(user: NewUser, now: Date): Promise<User> {
    const at = timeValue(this.dialect, now);
    try {
      await this.db
        .insertInto('users')
        .values({
          id: user.id,
          role: user.role,
          email: user.email,
          password_hash: user.passwordHash,
          display_name: user.displayName,
          locale: user.locale,
          status: 'active',
          area_id: user.areaId ?? null,
          created_at: at,
          updated_at: at,
        })
        .execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('email_taken', 'an account with this email exists');
      throw error;
    }
    return (await this.findById(user.id)) as User;
  }

  /** The account; with a scope, only if it belongs to the scope as an observer (see `observerInScope`). */
  async findById(id: string, scope?: AreaScope): Promise<User | undefined> {
    let query = this.db.selectFrom('users').selectAll().where('id', '=', id);
    if (scope) query = query.where(observerInScope('users.id', scope));
    const row = await query.executeTakeFirst();
    return row ? toUser(row) : undefined;
  }

  /**
   * A session that has not expired and its user, in one query: every request whose session is not
   * in the server's cache asks this (issue 23: on PostgreSQL two round trips were two statements'
   * work for the backend and the server).
   */
  async withSession(tokenHash: string, now: Date): Promise<{ user: User; session: StoredSession } | undefined> {
    return (await this.withSessions([tokenHash], now)).get(tokenHash);
  }

  /** `withSession` for many tokens in one query (the requests that arrived together). */
  async withSessions(
    tokenHashes: readonly string[],
    now: Date,
  ): Promise<Map<string, { user: User; session: StoredSession }>> {
    const found = new Map<string, { user: User; session: StoredSession }>();
    if (tokenHashes.length === 0) return found;
    const rows = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .select([
        'sessions.token_hash as session_token_hash',
        'sessions.created_at as session_created_at',
        'sessions.last_seen_at as session_last_seen_at',
        'sessions.expires_at as session_expires_at',
      ])
      .where(
        'sessions.token_hash',
        tokenHashes.length === 1 ? '=' : 'in',
        tokenHashes.length === 1 ? (tokenHashes[0] as string) : [...tokenHashes],
      )
      .where('sessions.expires_at', '>', timeValue(this.dialect, now))
      .execute();
    for (const row of rows) {
      found.set(row.session_token_hash, {
        user: toUser(row),
        session: {
          userId: row.id,
          createdAt: readTime(row.session_created_at),
          lastSeenAt: readTime(row.session_last_seen_at),
          expiresAt: readTime(row.session_expires_at),
        },
      });
    }
    return found;
  }

  /** The stored password hash travels only with this call, for the sign-in check. */
  async findWithPasswordByEmail(email: string): Promise<{ user: User; passwordHash: string | null } | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    return row ? { user: toUser(row), passwordHash: row.password_hash } : undefined;
  }

  async passwordHashOf(id: string): Promise<string | null> {
    const row = await this.db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirst();
    return row?.password_hash ?? null;
  }

  async list(filter: UserFilter): Promise<User[]> {
    let query = this.db.selectFrom('users').selectAll();
    if (filter.role) query = query.where('role', '=', filter.role);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.scope) query = query.where(observerInScope('users.id', filter.scope));
    const q = filter.q?.trim().toLowerCase();
    if (q) {
      const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where((eb) =>
        eb.or([
          eb(eb.fn('lower', ['display_name']), 'like', eb.val(pattern)),
          eb(eb.fn('lower', ['email']), 'like', eb.val(pattern)),
        ]),
      );
    }
    const rows = await query.orderBy('display_name').orderBy('id').limit(1000).execute();
    return rows.map(toUser);
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async update(id: string, patch: UserPatch, now: Date): Promise<User | undefined> {
    const values: Updateable<UsersTable> = { updated_at: timeValue(this.dialect, now) };
    if (patch.role !== undefined) values.role = patch.role;
    if (patch.displayName !== undefined) values.display_name = patch.displayName;
    if (patch.locale !== undefined) values.locale = patch.locale;
    if (patch.status !== undefined) values.status = patch.status;
    if (patch.passwordHash !== undefined) values.password_hash = patch.passwordHash;
    if (patch.areaId !== undefined) values.area_id = patch.areaId;
    await this.db.updateTable('users').set(values).where('id', '=', id).execute();
    return this.findById(id);
  }
}
