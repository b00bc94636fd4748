import type { User } from '@pollwatch/core';
import type { StoredSession } from '@pollwatch/db';

interface Entry {
  user: User;
  session: StoredSession;
  /** When the entry was read from the database (the service's clock). */
  readAt: number;
}

/**
 * Sessions and their users as read a moment ago. On voting day every observer's phone sends a
 * report every few seconds, and two queries per request for the same session were most of the
 * database's work. Changes made by this process (sign-out, a disabled account, a new role) forget
 * the entries at once; changes by another process (a second server, the CLI) are seen within
 * `ttlMs`.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs = 1000,
    private readonly limit = 100_000,
  ) {}

  get(tokenHash: string, now: Date): { user: User; session: StoredSession } | undefined {
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    const at = now.getTime();
    // A clock moved back (tests do) must not make an entry young again.
    if (at - entry.readAt >= this.ttlMs || at < entry.readAt || entry.session.expiresAt.getTime() <= at) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return entry;
  }

  set(tokenHash: string, user: User, session: StoredSession, now: Date): void {
    if (this.entries.size >= this.limit) this.entries.clear();
    this.entries.set(tokenHash, { user, session, readAt: now.getTime() });
  }

  forgetToken(tokenHash: string): void {
    this.entries.delete(tokenHash);
  }

  /** After any change to an account or its sessions. */
  forgetUser(userId: string): void {
    for (const [token, entry] of this.entries) if (entry.user.id === userId) this.entries.delete(token);
  }
}
