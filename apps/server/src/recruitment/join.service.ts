import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  CURRENT_CONSENT_VERSION,
  checkJoin,
  DomainError,
  type JoinBody,
  type JoinToken,
  normaliseKzMobile,
} from '@pollwatch/core';
import type { JoinScope, Store } from '@pollwatch/db';
import { audit } from '../auth/actor.ts';
import { throttleKeyForAddress } from '../auth/client-address.ts';
import { sha256 } from '../auth/tokens.ts';
import type { ElectionsService } from '../elections/elections.service.ts';
import { timeOrderedId } from './ordered-id.ts';

/** A person takes longer than this to fill in the form; a script does not. */
export const MIN_FILL_SECONDS = 3;
export const TOKEN_MAX_AGE_MS = 24 * 3600_000;
/** Sign-ups per key in the window: a family on one home router fits; a flood does not. */
export const joinLimits: Record<Exclude<JoinScope, 'join-token'>, number> = { 'join-ip': 20, 'join-phone': 5 };
export const JOIN_WINDOW_MS = 60 * 60 * 1000;
const SECRET_KEY = 'join_token_secret';

function tooMany(waitMs: number): DomainError {
  return new DomainError('rate_limited', 'too many sign-ups; try again later', {
    retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
  });
}

/**
 * The public join form. Spam defence without third parties: a signed timestamp token (minimum
 * fill time), a honeypot field, and limits per IP and per phone kept in the database. A repeated
 * phone changes nothing and gets the same answer as a new sign-up.
 */
export class JoinService {
  private secret: Buffer | undefined;
  /**
   * Keys the database refused a moment ago, with the instant they may sign up again: during a
   * flood from one /64 every further sign-up is refused from memory, before any query (on SQLite
   * a query runs on the request thread, beside the observers' reports). The database stays the
   * one that admits: this only refuses, so several processes never let more in than the limit.
   */
  private readonly refusedUntil = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly elections: ElectionsService,
    private readonly now: () => Date,
  ) {}

  private async key(): Promise<Buffer> {
    if (this.secret) return this.secret;
    // Settings hold objects: a bare JSON string reads back differently on the two dialects.
    await this.store.settings.insertOnce(SECRET_KEY, { hex: randomBytes(32).toString('hex') }, this.now());
    const stored = (await this.store.settings.get(SECRET_KEY)) as { hex?: unknown } | undefined;
    if (typeof stored?.hex !== 'string') throw new Error('join token secret is missing');
    this.secret = Buffer.from(stored.hex, 'hex');
    return this.secret;
  }

  private async mac(payload: string): Promise<string> {
    return createHmac('sha256', await this.key())
      .update(payload)
      .digest('base64url');
  }

  async issueToken(): Promise<JoinToken> {
    const payload = `${this.now().getTime()}.${randomBytes(9).toString('base64url')}`;
    return {
      token: `${payload}.${await this.mac(payload)}`,
      minFillSeconds: MIN_FILL_SECONDS,
      consentVersion: CURRENT_CONSENT_VERSION,
    };
  }

  /** Checks the token; returns its nonce, which `spendToken` then uses up. */
  private async checkToken(token: string): Promise<string> {
    const parts = token.split('.');
    const [issued, nonce, mac] = parts;
    if (parts.length !== 3 || !issued || !nonce || !mac || !/^\d{1,15}$/.test(issued)) {
      throw new DomainError('join_token_invalid', 'the form token is not valid; ask for a new one');
    }
    const expected = Buffer.from(await this.mac(`${issued}.${nonce}`));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new DomainError('join_token_invalid', 'the form token is not valid; ask for a new one');
    }
    const age = this.now().getTime() - Number(issued);
    if (age > TOKEN_MAX_AGE_MS || age < -60_000) {
      throw new DomainError('join_token_invalid', 'the form token has expired; ask for a new one');
    }
    if (age < MIN_FILL_SECONDS * 1000) {
      throw new DomainError('join_too_fast', 'the form was sent too soon after it was opened', {
        retryAfterSeconds: Math.max(1, Math.ceil((MIN_FILL_SECONDS * 1000 - age) / 1000)),
      });
    }
    return nonce;
  }

  /**
   * A form token signs up once: a script that fetched one token cannot replay it for a day. Spent
   * only when the sign-up is answered as accepted, so a person correcting a typo keeps their form.
   * The record is a join_attempts row, purged with the others once the token has expired.
   */
  private async spendToken(nonce: string): Promise<void> {
    if (!(await this.store.joinAttempts.recordOnce('join-token', sha256(`join-token:${nonce}`), this.now()))) {
      throw new DomainError('join_token_invalid', 'the form token was already used; ask for a new one');
    }
  }

  private async throttle(scope: Exclude<JoinScope, 'join-token'>, value: string): Promise<void> {
    const now = this.now();
    const hash = sha256(`${scope}:${value}`);
    const until = this.refusedUntil.get(hash);
    if (until !== undefined) {
      if (until > now.getTime()) throw tooMany(until - now.getTime());
      this.refusedUntil.delete(hash);
    }
    const { count, oldest } = await this.store.joinAttempts.since(
      scope,
      hash,
      new Date(now.getTime() - JOIN_WINDOW_MS),
    );
    if (count >= joinLimits[scope] && oldest) {
      const free = oldest.getTime() + JOIN_WINDOW_MS;
      if (this.refusedUntil.size >= 10_000) this.refusedUntil.clear();
      this.refusedUntil.set(hash, free);
      throw tooMany(free - now.getTime());
    }
    await this.store.joinAttempts.record(scope, hash, now);
  }

  /** Stores a new applicant, or nothing; the caller answers the same either way. */
  async join(body: JoinBody, ip: string): Promise<void> {
    await this.throttle('join-ip', throttleKeyForAddress(ip));
    const nonce = await this.checkToken(body.token);
    // The honeypot: a bot gets the usual answer and nothing is stored.
    if (body.website?.trim()) return;

    const now = this.now();
    const currentId = await this.elections.currentId();
    const election = currentId ? await this.store.elections.findById(currentId) : undefined;
    const today = now.toISOString().slice(0, 10);
    const electionDay = election && election.votingDate >= today ? election.votingDate : today;
    const checked = checkJoin(
      {
        ...body,
        email: body.email || undefined,
        iin: body.iin || undefined,
      },
      electionDay,
    );
    const problems: { field: string; code: string }[] = [...checked.problems];
    if (body.areaId && !(await this.store.areas.findById(body.areaId))) {
      problems.push({ field: 'areaId', code: 'not_found' });
    }
    const first = problems[0];
    if (first || !checked.value) {
      const code = first && first.code !== 'not_found' ? (first.code as 'phone_invalid') : 'validation_failed';
      throw new DomainError(
        code,
        'the sign-up has problems',
        problems.map((p) => ({ in: 'body', path: `/${p.field}`, keyword: p.code })),
      );
    }
    const value = checked.value;
    // Keyed (issue 21): a plain hash of a phone is reversed by trying every number.
    await this.throttle('join-phone', this.store.keyring.index(value.phone, 'join-phone'));
    await this.spendToken(nonce);
    await this.store.transaction(async (tx) => {
      // Signing up again changes nothing, and the answer does not say so.
      if (await tx.applicants.findByPhone(value.phone)) return;
      const id = randomUUID();
      await tx.applicants.create(
        id,
        {
          ...value,
          electionId: election?.id ?? null,
          consentedAt: now,
          status: 'applied',
          statusReason: null,
          idDocument: null,
          userId: null,
          source: 'join',
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
        toStatus: 'applied',
        text: null,
      });
      await audit(
        tx,
        null,
        { action: 'applicant.created', entityType: 'applicant', entityId: id, details: { source: 'join' } },
        now,
      );
    });
  }

  async publicCount(): Promise<number> {
    return this.store.applicants.count();
  }
}

/** For the pipeline and imports: the same phone rules as the join form. */
export function phoneOrProblem(input: string): string {
  const phone = normaliseKzMobile(input);
  if (!phone.ok) {
    throw new DomainError(phone.code, 'the phone is not a Kazakhstan mobile number', [
      { in: 'body', path: '/phone', keyword: phone.code },
    ]);
  }
  return phone.e164;
}
