import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  DomainError,
  isStaffRole,
  isWellFormedInviteCode,
  type Locale,
  makeInviteCode,
  normaliseEmail,
  normaliseInviteCode,
  passwordProblem,
  type SetupBody,
  type User,
} from '@pollwatch/core';
import type { Store, StoredSession } from '@pollwatch/db';
import { revokeChannelLinks } from '../channels/channel-links.ts';
import { boundedMemo } from '../http/bounded-memo.ts';
import { type Actor, audit, scopeOf } from './actor.ts';
import { throttleKeyForAddress } from './client-address.ts';
import { DeviceCookies } from './device-cookies.ts';
import { OutOfScopeError } from './out-of-scope.ts';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords.ts';
import { SessionCache } from './session-cache.ts';
import { assertNotThrottled, forgiveAccount, recordFailure } from './sign-in-throttle.ts';
import { newSessionToken, sha256 } from './tokens.ts';

export interface SessionPolicy {
  staffSessionHours: number;
  observerSessionDays: number;
  inviteDays: number;
}

type SessionLookUp = { user: User; session: StoredSession } | undefined;
/** The requests waiting for one session, by token hash, and when each asked. */
type LookUpBatch = Map<
  string,
  { now: Date; waiting: ((found: SessionLookUp) => void)[]; failed: ((error: unknown) => void)[] }
>;

export interface SignedIn {
  user: User;
  /** Goes into the cookie; never stored. */
  token: string;
  expiresAt: Date;
}

/** Sessions are extended at most this often, so a busy console does not write on every request. */
const EXTEND_EVERY_MS = 5 * 60 * 1000;
const SETUP_LATCH = 'setup_completed';

export class AuthService {
  constructor(
    private readonly store: Store,
    private readonly policy: SessionPolicy,
    private readonly now: () => Date,
    /** Shared with the services that change accounts, so that they can forget what it holds. */
    readonly sessions: SessionCache = new SessionCache(),
  ) {}

  private deviceCookies: DeviceCookies | undefined;
  private get devices(): DeviceCookies {
    this.deviceCookies ??= new DeviceCookies(this.store, this.now);
    return this.deviceCookies;
  }

  /**
   * Sessions rolled forward and not yet written, by token hash. On voting day an observer reports
   * every hour or two, so nearly every report would roll its session forward: one write (on SQLite
   * a flush to disk on the request thread) per report. They are written together, about once a
   * second; the cache already holds the new expiry, and one lost in a crash is only a session
   * rolled forward at the next request instead.
   */
  private readonly extensions = new Map<string, { at: Date; expiresAt: Date }>();
  private extensionTimer: NodeJS.Timeout | undefined;

  /** Writes the sessions rolled forward since the last time (also when the server closes). */
  async flushExtensions(): Promise<void> {
    if (this.extensionTimer) clearTimeout(this.extensionTimer);
    this.extensionTimer = undefined;
    if (this.extensions.size === 0) return;
    const batch = [...this.extensions];
    this.extensions.clear();
    const items = batch.map(([tokenHash, { at, expiresAt }]) => ({ tokenHash, at, expiresAt }));
    // In the report writer's lock order (`extendMany`); tried again when PostgreSQL still gives up
    // on it (a deadlock with something else), a few times, after a random pause.
    for (let attempt = 1; attempt <= 3; attempt++) {
      try {
        await this.store.transaction((tx) => tx.sessions.extendMany(items));
        return;
      } catch (error) {
        const code = (error as { code?: unknown } | null)?.code;
        if (code !== '40P01' && code !== '40001') return;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      }
    }
    // Rolling a session forward is a convenience: the next request of that session asks again.
  }

  private extendLater(tokenHash: string, at: Date, expiresAt: Date): void {
    this.extensions.set(tokenHash, { at, expiresAt });
    if (this.extensionTimer) return;
    this.extensionTimer = setTimeout(() => void this.flushExtensions(), 1000);
    this.extensionTimer.unref?.();
  }

  /**
   * Sessions to read, gathered while the requests that arrived together are parsed, then read in
   * one query (issue 23): in the kz protocol window nearly every request missed the cache (each
   * observer's protocol, photo announce and photo bytes come seconds apart, or to the other
   * process), one round trip each. Each is still read from the database, as fresh as before.
   */
  private lookUps: LookUpBatch | undefined;

  private lookUp(tokenHash: string, now: Date): Promise<SessionLookUp> {
    let batch = this.lookUps;
    if (!batch) {
      const started: LookUpBatch = new Map();
      batch = started;
      this.lookUps = started;
      setImmediate(() => {
        this.lookUps = undefined;
        void this.readSessions(started);
      });
    }
    let entry = batch.get(tokenHash);
    if (!entry) {
      entry = { now, waiting: [], failed: [] };
      batch.set(tokenHash, entry);
    }
    const pending = entry;
    return new Promise<SessionLookUp>((resolve, reject) => {
      pending.waiting.push(resolve);
      pending.failed.push(reject);
    });
  }

  private async readSessions(batch: LookUpBatch): Promise<void> {
    // The earliest request's time: a session valid then is checked against each request's own below.
    let at: Date | undefined;
    for (const entry of batch.values()) if (!at || entry.now < at) at = entry.now;
    try {
      const found = await this.store.users.withSessions([...batch.keys()], at as Date);
      for (const [tokenHash, entry] of batch) {
        const one = found.get(tokenHash);
        const valid = one && one.session.expiresAt.getTime() > entry.now.getTime() ? one : undefined;
        for (const resolve of entry.waiting) resolve(valid);
      }
    } catch (error) {
      for (const entry of batch.values()) for (const reject of entry.failed) reject(error);
    }
  }

  /** Every request of a signed-in phone hashes the same token again: remembered, as many as sessions. */
  private readonly hashOfToken = boundedMemo(sha256, 100_000);

  private ttlMs(user: User): number {
    return isStaffRole(user.role)
      ? this.policy.staffSessionHours * 3600_000
      : this.policy.observerSessionDays * 24 * 3600_000;
  }

  async setupNeeded(): Promise<boolean> {
    return (await this.store.settings.get(SETUP_LATCH)) === undefined;
  }

  private setupToken: string | undefined;

  /**
   * From now on `/setup` needs this one-time token (which `serve` prints on the server's console),
   * so that a fresh instance reachable from the network is not claimed by whoever finds it first.
   */
  requireSetupToken(token: string): void {
    this.setupToken = token;
  }

  /** Creates the first admin. Runs once: the latch row makes a second call fail, even concurrently. */
  async setup(body: SetupBody, setupToken?: string): Promise<SignedIn> {
    if (this.setupToken !== undefined) {
      const expected = Buffer.from(sha256(this.setupToken));
      const given = Buffer.from(sha256(setupToken ?? ''));
      if (!timingSafeEqual(expected, given)) {
        throw new DomainError('forbidden', 'open the setup link printed on the server console (it has the token)');
      }
    }
    const email = normaliseEmail(body.email);
    assertPasswordAcceptable(body.password, email, body.displayName);
    const passwordHash = await hashPassword(body.password);
    const now = this.now();
    const user = await this.store.transaction(async (tx) => {
      if (!(await tx.settings.insertOnce(SETUP_LATCH, { at: now.toISOString() }, now))) {
        throw new DomainError('setup_done', 'setup has already been completed');
      }
      const admin = await tx.users.create(
        {
          id: randomUUID(),
          role: 'admin',
          email,
          passwordHash,
          displayName: body.displayName.trim(),
          locale: body.locale ?? 'ru',
        },
        now,
      );
      await tx.audit.append(
        { actorId: admin.id, action: 'setup.completed', entityType: 'user', entityId: admin.id },
        now,
      );
      return admin;
    });
    return this.startSession(user);
  }

  /** The CLI's `admin create`: also closes /setup, since an admin now exists. */
  async createAdmin(input: { email: string; displayName: string; password: string; locale?: Locale }): Promise<User> {
    const email = normaliseEmail(input.email);
    assertPasswordAcceptable(input.password, email, input.displayName);
    const passwordHash = await hashPassword(input.password);
    const now = this.now();
    return this.store.transaction(async (tx) => {
      await tx.settings.insertOnce(SETUP_LATCH, { at: now.toISOString(), by: 'cli' }, now);
      const admin = await tx.users.create(
        {
          id: randomUUID(),
          role: 'admin',
          email,
          passwordHash,
          displayName: input.displayName.trim(),
          locale: input.locale ?? 'ru',
        },
        now,
      );
      await tx.audit.append(
        {
          actorId: null,
          action: 'user.created',
          entityType: 'user',
          entityId: admin.id,
          details: { role: 'admin', via: 'cli' },
        },
        now,
      );
      return admin;
    });
  }

  /**
   * Staff sign-in. Failures are counted per client address (IPv6 per /64) and per account; the
   * account's count applies only to browsers that have not signed in to it before (no valid
   * device cookie), so a stranger can never lock the right person out with wrong passwords. A
   * known browser's own failures count under its device cookie. The answer carries a fresh device
   * cookie for the browser to keep.
   */
  async signIn(
    rawEmail: string,
    password: string,
    ip: string,
    deviceCookie?: string,
  ): Promise<SignedIn & { deviceCookie: string }> {
    const email = normaliseEmail(rawEmail);
    const now = this.now();
    const device = await this.devices.nonceFor(email, deviceCookie);
    const keys = [
      device ? { scope: 'device' as const, value: device } : { scope: 'account' as const, value: email },
      { scope: 'ip' as const, value: throttleKeyForAddress(ip) },
    ];
    await assertNotThrottled(this.store, keys, now);
    const found = await this.store.users.findWithPasswordByEmail(email);
    const ok = await verifyPassword(found?.passwordHash ?? (await dummyPasswordHash()), password);
    if (!found?.passwordHash || !ok) {
      await recordFailure(this.store, keys, now);
      await this.store.audit.append(
        {
          actorId: found?.user.id ?? null,
          action: 'auth.sign_in_failed',
          entityType: 'user',
          entityId: found?.user.id ?? null,
          outcome: 'refused',
          details: { reason: found ? 'wrong_password' : 'unknown_account', knownDevice: Boolean(device) },
        },
        now,
      );
      throw new DomainError('invalid_credentials', 'wrong email or password');
    }
    if (found.user.status !== 'active') {
      throw new DomainError('account_disabled', 'this account is disabled');
    }
    // Only a sign-in from an unknown browser forgives the account's count: a known browser signing
    // in must not reset the lockout an attacker is working against for everyone else.
    if (!device) await forgiveAccount(this.store, email);
    await this.store.audit.append(
      { actorId: found.user.id, action: 'auth.signed_in', entityType: 'user', entityId: found.user.id },
      now,
    );
    return { ...(await this.startSession(found.user)), deviceCookie: await this.devices.issue(email) };
  }

  async redeemInvite(rawCode: string, ip: string): Promise<SignedIn> {
    const now = this.now();
    const keys = [{ scope: 'invite-ip' as const, value: throttleKeyForAddress(ip) }];
    await assertNotThrottled(this.store, keys, now);
    const code = normaliseInviteCode(rawCode);
    const userId = isWellFormedInviteCode(code) ? await this.store.invites.consume(sha256(code), now) : undefined;
    const user = userId ? await this.store.users.findById(userId) : undefined;
    if (user?.status !== 'active') {
      await recordFailure(this.store, keys, now);
      await this.store.audit.append(
        {
          actorId: null,
          action: 'auth.invite_failed',
          outcome: 'refused',
          details: { reason: isWellFormedInviteCode(code) ? 'unknown_used_or_expired' : 'malformed' },
        },
        now,
      );
      throw new DomainError('invite_invalid', 'this invite code is unknown, used or expired');
    }
    await this.store.audit.append(
      { actorId: user.id, action: 'auth.invite_redeemed', entityType: 'user', entityId: user.id },
      now,
    );
    return this.startSession(user);
  }

  /**
   * Issues a one-time code for an observer; any earlier unused code stops working. An observer
   * outside a regional coordinator's area answers 404 (audited). An observer signed in somewhere
   * gets a new code only with `replaceSession`, which ends those sessions at once (a lost phone):
   * otherwise a second phone could quietly sign in as them.
   */
  async issueInvite(
    actor: Actor,
    userId: string,
    options: { replaceSession?: boolean | undefined } = {},
  ): Promise<{ code: string; expiresAt: Date }> {
    const now = this.now();
    const expiresAt = new Date(now.getTime() + this.policy.inviteDays * 24 * 3600_000);
    const code = makeInviteCode((n) => randomBytes(n));
    await this.store.transaction(async (tx) => {
      const user = await tx.users.findById(userId);
      if (!user) throw new DomainError('not_found', 'no such user');
      if (user.role !== 'observer') {
        throw new DomainError('role_not_allowed', 'invites are for observers; staff sign in with a password');
      }
      const scope = scopeOf(actor);
      if (scope.kind !== 'all' && !(await tx.users.findById(userId, scope))) throw new OutOfScopeError('user', userId);
      const signedIn = await tx.sessions.hasActive(userId, now);
      if (signedIn && !options.replaceSession) {
        throw new DomainError('observer_has_session', 'the observer is signed in; replace the session to re-invite');
      }
      if (signedIn) await tx.sessions.deleteForUser(userId);
      await tx.invites.revokeUnused(userId);
      // A new code means a new (or lost) phone: its Telegram chat no longer reports as them (issue 21).
      const unlinked = await revokeChannelLinks(tx, userId, ['telegram'], now);
      await tx.invites.create(
        { id: randomUUID(), userId, codeHash: sha256(normaliseInviteCode(code)), createdBy: actor.user.id, expiresAt },
        now,
      );
      await audit(
        tx,
        actor,
        {
          action: 'invite.issued',
          entityType: 'user',
          entityId: userId,
          ...(signedIn || unlinked.length > 0
            ? { details: { ...(signedIn ? { replacedSession: true } : {}), ...(unlinked.length ? { unlinked } : {}) } }
            : {}),
        },
        now,
      );
    });
    this.sessions.forgetUser(userId);
    return { code, expiresAt };
  }

  private async startSession(user: User): Promise<SignedIn> {
    const token = newSessionToken();
    const now = this.now();
    const expiresAt = new Date(now.getTime() + this.ttlMs(user));
    await this.store.sessions.create(sha256(token), user.id, now, expiresAt);
    return { user, token, expiresAt };
  }

  /** The user behind a cookie token, or undefined. Rolls the expiry forward while in use. */
  async userForToken(token: string): Promise<{ user: User; tokenHash: string } | undefined> {
    const tokenHash = this.hashOfToken(token);
    const now = this.now();
    const cached = this.sessions.get(tokenHash, now);
    let session = cached?.session;
    let user = cached?.user;
    if (!cached) {
      // Its own roll forward, not yet written, must not let the database say it expired.
      if (this.extensions.has(tokenHash)) await this.flushExtensions();
      const found = await this.lookUp(tokenHash, now);
      if (!found) return undefined;
      ({ session, user } = found);
    }
    if (!session || user?.status !== 'active') return undefined;
    if (now.getTime() - session.lastSeenAt.getTime() > EXTEND_EVERY_MS) {
      const expiresAt = new Date(now.getTime() + this.ttlMs(user));
      this.extendLater(tokenHash, now, expiresAt);
      session = { ...session, lastSeenAt: now, expiresAt };
    }
    if (!cached || cached.session !== session) this.sessions.set(tokenHash, user, session, now);
    return { user, tokenHash };
  }

  /**
   * Whether a session is still valid and its account active, read from the database (not the
   * cache): for long-lived requests (the live stream) that must stop when an account is disabled.
   */
  async stillSignedIn(tokenHash: string): Promise<boolean> {
    return (await this.store.users.withSession(tokenHash, this.now()))?.user.status === 'active';
  }

  /** Ends the session; with the signed-in actor, the sign-out is audited. */
  async signOut(tokenHash: string, actor?: Actor): Promise<void> {
    this.sessions.forgetToken(tokenHash);
    await this.store.sessions.delete(tokenHash);
    if (actor) {
      await audit(
        this.store,
        actor,
        { action: 'auth.signed_out', entityType: 'user', entityId: actor.user.id },
        this.now(),
      );
    }
  }

  async changePassword(actor: Actor, currentTokenHash: string, current: string, next: string): Promise<void> {
    // A session left open on a shared computer must not become a way to guess the password.
    const keys = [{ scope: 'account' as const, value: actor.user.email ?? actor.user.id }];
    await assertNotThrottled(this.store, keys, this.now());
    const stored = await this.store.users.passwordHashOf(actor.user.id);
    if (!stored || !(await verifyPassword(stored, current))) {
      await recordFailure(this.store, keys, this.now());
      throw new DomainError('invalid_credentials', 'the current password is wrong');
    }
    assertPasswordAcceptable(next, actor.user.email, actor.user.displayName);
    const passwordHash = await hashPassword(next);
    const now = this.now();
    await this.store.transaction(async (tx) => {
      await tx.users.update(actor.user.id, { passwordHash }, now);
      // Other devices signed in with the old password are signed out.
      await tx.sessions.deleteForUser(actor.user.id, currentTokenHash);
      await audit(tx, actor, { action: 'user.password_changed', entityType: 'user', entityId: actor.user.id }, now);
    });
    this.sessions.forgetUser(actor.user.id);
  }

  /**
   * Housekeeping, run periodically by `serve`: expired sessions and every throttle row older than
   * any window still in force (sign-in failures; sign-up attempts and spent join tokens, kept a
   * little longer than a join token lives so that a spent one cannot be replayed).
   */
  async purgeExpired(): Promise<void> {
    const now = this.now();
    await this.store.sessions.deleteExpired(now);
    await this.store.signInFailures.deleteOlderThan(new Date(now.getTime() - 24 * 3600_000));
    await this.store.joinAttempts.deleteOlderThan(new Date(now.getTime() - 25 * 3600_000));
  }
}

export function assertPasswordAcceptable(password: string, email: string | null, displayName: string): void {
  const reason = passwordProblem(password, { email, displayName });
  if (reason) throw new DomainError('password_too_weak', 'the password is not acceptable', { reason });
}
