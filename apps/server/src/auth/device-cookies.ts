import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '@pollwatch/db';

/** Remembers, on a browser, that this account signed in from it with the right password. */
export const DEVICE_COOKIE = 'pw_device';
/** A device stays known for a year of not signing in; every sign-in renews it. */
export const DEVICE_COOKIE_DAYS = 365;
const SECRET_KEY = 'device_cookie_secret';

/**
 * Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"): a browser that
 * has signed in to an account before carries a signed cookie naming that account and a random
 * nonce. Failed sign-ins are counted per account only for browsers without one, so an attacker who
 * keeps an account's public lockout going locks out only unknown browsers: the coordinator's own
 * laptop still signs in with the right password. A known browser that guesses wrong is limited
 * under its own nonce, so a stolen device cookie buys five guesses per window, not a bypass.
 */
export class DeviceCookies {
  private secret: Buffer | undefined;

  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
  ) {}

  private async key(): Promise<Buffer> {
    if (this.secret) return this.secret;
    await this.store.settings.insertOnce(SECRET_KEY, { hex: randomBytes(32).toString('hex') }, this.now());
    const stored = (await this.store.settings.get(SECRET_KEY)) as { hex?: unknown } | undefined;
    if (typeof stored?.hex !== 'string') throw new Error('device cookie secret is missing');
    this.secret = Buffer.from(stored.hex, 'hex');
    return this.secret;
  }

  private async mac(email: string, nonce: string): Promise<string> {
    return createHmac('sha256', await this.key())
      .update(`${email}\n${nonce}`)
      .digest('base64url');
  }

  /** A new cookie value for `email` (the account is in the MAC, never in the cookie). */
  async issue(email: string): Promise<string> {
    const nonce = randomBytes(16).toString('base64url');
    return `${nonce}.${await this.mac(email, nonce)}`;
  }

  /** The cookie's nonce if it was issued for `email` by this server; otherwise undefined. */
  async nonceFor(email: string, cookie: string | undefined): Promise<string | undefined> {
    if (!cookie) return undefined;
    const [nonce, mac, extra] = cookie.split('.');
    if (!nonce || !mac || extra !== undefined || nonce.length > 64) return undefined;
    const expected = Buffer.from(await this.mac(email, nonce));
    const given = Buffer.from(mac);
    return expected.length === given.length && timingSafeEqual(expected, given) ? nonce : undefined;
  }
}
