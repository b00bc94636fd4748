import { randomUUID } from 'node:crypto';
import {
  assignableRoles,
  type CreateUserBody,
  can,
  DomainError,
  isStaffRole,
  normaliseEmail,
  type UpdateUserBody,
  type User,
  type UsersQuery,
} from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import { type Actor, audit, scopeOf } from '../auth/actor.ts';
import { assertPasswordAcceptable } from '../auth/auth.service.ts';
import { OutOfScopeError } from '../auth/out-of-scope.ts';
import { hashPassword } from '../auth/passwords.ts';
import { SessionCache } from '../auth/session-cache.ts';
import { revokeChannelLinks } from '../channels/channel-links.ts';
import { reportLostPhone } from '../security/lost-phone.ts';

export class UsersService {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
    /** The sign-in cache: a changed account must not keep working from it. */
    private readonly sessions: SessionCache = new SessionCache(),
  ) {}

  /**
   * Admins and HQ coordinators see everyone; a regional coordinator sees the observers of their
   * area's subtree only (by account, applicant record or assigned station), and no one without an area.
   */
  list(actor: Actor, query: UsersQuery): Promise<User[]> {
    const national = can(actor.user.role, 'staff.manage') || actor.user.role === 'coordinator';
    const role = national ? query.role : 'observer';
    if (query.role && role !== query.role) return Promise.resolve([]);
    const scope = national ? undefined : scopeOf(actor);
    return this.store.users.list({ role, status: query.status, q: query.q, scope });
  }

  async create(actor: Actor, body: CreateUserBody): Promise<User> {
    if (!assignableRoles(actor.user.role).includes(body.role)) {
      throw new DomainError('role_not_allowed', `you may not create accounts with role ${body.role}`);
    }
    const staff = isStaffRole(body.role);
    const problems: { in: string; path: string; keyword: string }[] = [];
    if (staff && !body.email) problems.push({ in: 'body', path: '/email', keyword: 'required' });
    if (staff && !body.password) problems.push({ in: 'body', path: '/password', keyword: 'required' });
    if (!staff && body.password) problems.push({ in: 'body', path: '/password', keyword: 'not_allowed' });
    if (problems.length) throw new DomainError('validation_failed', 'the request does not match the role', problems);

    const email = body.email ? normaliseEmail(body.email) : null;
    let passwordHash: string | null = null;
    if (body.password) {
      assertPasswordAcceptable(body.password, email, body.displayName);
      passwordHash = await hashPassword(body.password);
    }
    const now = this.now();
    return this.store.transaction(async (tx) => {
      const user = await tx.users.create(
        {
          id: randomUUID(),
          role: body.role,
          email,
          passwordHash,
          displayName: body.displayName.trim(),
          locale: body.locale ?? actor.user.locale,
          areaId: await this.areaForNewAccount(tx, actor, body.areaId),
        },
        now,
      );
      await audit(
        tx,
        actor,
        { action: 'user.created', entityType: 'user', entityId: user.id, details: { role: user.role } },
        now,
      );
      return user;
    });
  }

  async update(actor: Actor, id: string, body: UpdateUserBody): Promise<User> {
    const now = this.now();
    const user = await this.store.transaction(async (tx) => {
      const target = await this.manageable(tx, actor, id);
      if (body.role && body.role !== 'observer' && !can(actor.user.role, 'staff.manage')) {
        throw new DomainError('role_not_allowed', 'only an admin may change staff accounts');
      }
      const losesAdmin =
        target.role === 'admin' && ((body.role && body.role !== 'admin') || body.status === 'disabled');
      if (losesAdmin) {
        const activeAdmins = (await tx.users.list({ role: 'admin', status: 'active' })).length;
        if (activeAdmins <= 1)
          throw new DomainError('last_admin', 'the last active admin cannot be demoted or disabled');
      }
      if (body.role && body.role !== target.role && isStaffRole(body.role) !== isStaffRole(target.role)) {
        // Staff and observers sign in differently; switching between them is a new account.
        throw new DomainError('role_not_allowed', 'a staff account cannot become an observer account or back');
      }
      if (body.areaId !== undefined && !can(actor.user.role, 'staff.manage')) {
        throw new DomainError('role_not_allowed', 'only an admin may set the area of an account');
      }
      const updated = await tx.users.update(
        id,
        {
          ...(body.areaId !== undefined ? { areaId: await this.checkedArea(tx, body.areaId) } : {}),
          ...(body.displayName !== undefined ? { displayName: body.displayName.trim() } : {}),
          ...(body.role !== undefined ? { role: body.role } : {}),
          ...(body.status !== undefined ? { status: body.status } : {}),
          ...(body.locale !== undefined ? { locale: body.locale } : {}),
        },
        now,
      );
      if (body.status === 'disabled') await tx.sessions.deleteForUser(id);
      // A disabled observer's Telegram chat and SMS number stop identifying them (issue 21).
      if (body.status === 'disabled' && target.role === 'observer') {
        await revokeChannelLinks(tx, id, ['sms', 'telegram'], now);
      }
      await audit(
        tx,
        actor,
        { action: 'user.updated', entityType: 'user', entityId: id, details: { fields: Object.keys(body).sort() } },
        now,
      );
      return updated as User;
    });
    this.sessions.forgetUser(id);
    return user;
  }

  /**
   * The area of a new account. A regional coordinator places an observer in their own area, or in
   * an area of its subtree they name; anywhere else (or anywhere, without an area of their own) is
   * `outside_area`. National staff may name any existing area, or none.
   */
  private async areaForNewAccount(tx: Store, actor: Actor, areaId: string | null | undefined): Promise<string | null> {
    const scope = scopeOf(actor);
    if (scope.kind === 'all') return this.checkedArea(tx, areaId);
    const chosen = areaId === undefined && scope.kind === 'area' ? scope.areaId : areaId;
    if (scope.kind === 'none' || !chosen || !(await tx.areas.findById(chosen, scope))) {
      throw new DomainError('outside_area', 'the area lies outside yours', [
        { in: 'body', path: '/areaId', keyword: 'outside_area' },
      ]);
    }
    return chosen;
  }

  /** The area to store on an account, after checking it exists. */
  private async checkedArea(tx: Store, areaId: string | null | undefined): Promise<string | null> {
    if (!areaId) return null;
    if (!(await tx.areas.list()).some((a) => a.id === areaId)) {
      throw new DomainError('validation_failed', 'no such area', [
        { in: 'body', path: '/areaId', keyword: 'not_found' },
      ]);
    }
    return areaId;
  }

  /** Ends every session of an account: a lost or stolen phone stops working at once. */
  async signOutEverywhere(actor: Actor, id: string): Promise<void> {
    const now = this.now();
    await this.store.transaction(async (tx) => {
      await this.manageable(tx, actor, id);
      await tx.sessions.deleteForUser(id);
      await audit(tx, actor, { action: 'user.signed_out_everywhere', entityType: 'user', entityId: id }, now);
    });
    this.sessions.forgetUser(id);
  }

  /**
   * An observer's phone is lost or stolen: ends every session and unlinks Telegram and SMS in one
   * audited action (security/lost-phone.ts). Returns the channels unlinked.
   */
  async lostPhone(actor: Actor, id: string): Promise<string[]> {
    const now = this.now();
    const { unlinked } = await this.store.transaction(async (tx) => {
      const target = await this.manageable(tx, actor, id);
      if (target.role !== 'observer') {
        throw new DomainError('role_not_allowed', 'the lost-phone procedure is for observers');
      }
      return reportLostPhone(tx, actor, id, now);
    });
    this.sessions.forgetUser(id);
    return unlinked;
  }

  /**
   * The account, if the actor may manage it: admins manage everyone, coordinators observers, a
   * regional coordinator the observers of their area (anyone else there answers 404, audited).
   */
  private async manageable(tx: Store, actor: Actor, id: string): Promise<User> {
    return manageableAccount(tx, actor, id);
  }

  async updateSelf(
    actor: Actor,
    patch: { displayName?: string | undefined; locale?: User['locale'] | undefined },
  ): Promise<User> {
    const now = this.now();
    const user = await this.store.transaction(async (tx) => {
      const updated = await tx.users.update(
        actor.user.id,
        {
          ...(patch.displayName !== undefined ? { displayName: patch.displayName.trim() } : {}),
          ...(patch.locale !== undefined ? { locale: patch.locale } : {}),
        },
        now,
      );
      await audit(
        tx,
        actor,
        {
          action: 'user.updated',
          entityType: 'user',
          entityId: actor.user.id,
          details: { fields: Object.keys(patch).sort(), self: true },
        },
        now,
      );
      return updated as User;
    });
    this.sessions.forgetUser(actor.user.id);
    return user;
  }
}

/**
 * The account `id`, if the actor may manage it: admins everyone, HQ coordinators observers, a
 * regional coordinator the observers of their area only. An observer outside the area answers
 * like a missing one (404, and `access.out_of_scope` in the audit log).
 */
export async function manageableAccount(tx: Store, actor: Actor, id: string): Promise<User> {
  const target = await tx.users.findById(id);
  if (!target) throw new DomainError('not_found', 'no such user');
  // Someone who sees an area sees its observers only: a staff account, like another area's
  // observer, answers as missing, so ids cannot be probed.
  const scope = scopeOf(actor);
  if (scope.kind !== 'all' && (target.role !== 'observer' || !(await tx.users.findById(id, scope)))) {
    throw new OutOfScopeError('user', id);
  }
  if (!can(actor.user.role, 'staff.manage') && target.role !== 'observer') {
    throw new DomainError('role_not_allowed', 'only an admin may change staff accounts');
  }
  return target;
}
