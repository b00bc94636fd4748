import type { Writable } from 'node:stream';
import { DomainError } from '@pollwatch/core';
import { batchedWrites } from '../http/batched-writes.ts';

/** What a live stream writes to: an HTTP response (or, in tests, any writable). */
export interface StreamTarget {
  write(chunk: string): boolean;
  end(chunk?: string): void;
  readonly writableLength: number;
  readonly destroyed: boolean;
}

export interface LiveStreamLimits {
  /** Open streams per account: a console in a few tabs fits; a script opening hundreds does not. */
  perUser: number;
  /** Open streams in this process: each holds a socket and a listener. */
  total: number;
  /**
   * Bytes written but not yet taken by the client before the stream is dropped: a reader that does
   * not read must not make the server hold every event for it. It is told to resync and reconnects.
   */
  maxBufferedBytes: number;
  /** How often an open stream checks that its session is still valid and its account active. */
  recheckMs: number;
}

export const defaultLiveStreamLimits: LiveStreamLimits = {
  perUser: 6,
  total: 2000,
  maxBufferedBytes: 1024 * 1024,
  recheckMs: 60_000,
};

/** Whether a session (by token hash) is still valid, looked up in the database, not a cache. */
export type SessionCheck = (tokenHash: string) => Promise<boolean>;

/**
 * Admission and upkeep of the HQ's live streams (server-sent events): caps per account and per
 * process, back-pressure (a slow reader is dropped with a `resync` event rather than buffered
 * without end), and a periodic re-check of the session, so that a disabled account or a revoked
 * session stops hearing events within `recheckMs`.
 */
export class LiveStreams {
  private readonly perUser = new Map<string, number>();
  private total = 0;

  constructor(
    private readonly stillSignedIn: SessionCheck,
    private readonly limits: LiveStreamLimits = defaultLiveStreamLimits,
  ) {}

  get openCount(): number {
    return this.total;
  }

  /** Reserves a place for one stream of `userId`, or refuses with `rate_limited`; returns the release. */
  admit(userId: string): () => void {
    const mine = this.perUser.get(userId) ?? 0;
    if (mine >= this.limits.perUser || this.total >= this.limits.total) {
      throw new DomainError('rate_limited', 'too many live streams open', { retryAfterSeconds: 30 });
    }
    this.perUser.set(userId, mine + 1);
    this.total += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total -= 1;
      const left = (this.perUser.get(userId) ?? 1) - 1;
      if (left <= 0) this.perUser.delete(userId);
      else this.perUser.set(userId, left);
    };
  }

  /**
   * Runs an admitted stream over `out`: returns `send` for event frames and `close` for when the
   * client leaves. `onEnd` runs once, whichever side ends it (to unsubscribe and release).
   */
  run(out: StreamTarget, tokenHash: string | null, onEnd: () => void): { send(frame: string): void; close(): void } {
    const batched = batchedWrites(out as unknown as Writable);
    let ended = false;
    const end = (reason?: 'resync' | 'signed-out') => {
      if (ended) return;
      ended = true;
      clearInterval(keepAlive);
      clearInterval(recheck);
      onEnd();
      if (!out.destroyed) out.end(reason ? `event: ${reason}\ndata: {}\n\n` : undefined);
    };
    const send = (frame: string) => {
      if (ended || out.destroyed) return;
      if (out.writableLength > this.limits.maxBufferedBytes) {
        end('resync');
        return;
      }
      batched.write(frame);
    };
    // Proxies drop a silent connection; a comment every 25 s keeps it open.
    const keepAlive = setInterval(() => send(': keep-alive\n\n'), 25_000);
    const recheck = setInterval(() => {
      if (!tokenHash) return end('signed-out');
      this.stillSignedIn(tokenHash).then(
        (ok) => {
          if (!ok) end('signed-out');
        },
        () => undefined,
      );
    }, this.limits.recheckMs);
    keepAlive.unref?.();
    recheck.unref?.();
    return { send, close: () => end() };
  }
}
