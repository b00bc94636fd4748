import { PassThrough } from 'node:stream';
import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sha256 } from '../auth/tokens.ts';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { type LiveStreamLimits, LiveStreams } from './live-streams.ts';

const limits: LiveStreamLimits = { perUser: 2, total: 3, maxBufferedBytes: 64 * 1024, recheckMs: 1000 };
const frame = (i: number) => `event: report.accepted\ndata: ${JSON.stringify({ i, pad: 'x'.repeat(500) })}\n\n`;

/** A client that never reads: everything written stays buffered. */
function stuckClient() {
  const out = new PassThrough({ highWaterMark: 1024 });
  const ended = vi.fn();
  out.on('finish', ended);
  const end = out.end.bind(out);
  const written: string[] = [];
  const write = out.write.bind(out);
  return Object.assign(out, {
    ended,
    written,
    write: (chunk: string) => {
      written.push(chunk);
      return write(chunk);
    },
    end: (chunk?: string) => {
      if (chunk) written.push(chunk);
      return end(chunk);
    },
  });
}

describe('live streams (issue 21)', () => {
  afterEach(() => vi.useRealTimers());

  it('caps open streams per account and per process, and frees a place when one closes', () => {
    const live = new LiveStreams(async () => true, limits);
    const a1 = live.admit('a');
    live.admit('a');
    expect(() => live.admit('a')).toThrow(/too many live streams/);
    live.admit('b');
    expect(() => live.admit('c')).toThrow(/too many live streams/);
    a1();
    a1(); // releasing twice frees one place only
    expect(live.openCount).toBe(2);
    live.admit('c');
    expect(() => live.admit('d')).toThrow();
  });

  it('drops a reader that does not read and tells it to resync, instead of buffering every event', async () => {
    const live = new LiveStreams(async () => true, limits);
    const release = live.admit('a');
    const out = stuckClient();
    const onEnd = vi.fn(release);
    const stream = live.run(out, 'token', onEnd);
    for (let i = 0; i < 2000; i++) {
      stream.send(frame(i));
      if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await new Promise((resolve) => setImmediate(resolve));
    // ~1 MB of events were sent; at most the limit plus one turn's batch was buffered.
    expect(out.writableLength).toBeLessThan(limits.maxBufferedBytes + 64 * 1024);
    expect(onEnd).toHaveBeenCalledTimes(1);
    expect(out.written.at(-1)).toContain('event: resync');
    expect(live.openCount).toBe(0);
  });

  it('ends the stream when the session is no longer valid', async () => {
    vi.useFakeTimers();
    let valid = true;
    const live = new LiveStreams(async () => valid, limits);
    const out = stuckClient();
    const onEnd = vi.fn(live.admit('a'));
    live.run(out, 'token', onEnd);
    await vi.advanceTimersByTimeAsync(limits.recheckMs * 3);
    expect(onEnd).not.toHaveBeenCalled();
    valid = false;
    await vi.advanceTimersByTimeAsync(limits.recheckMs);
    expect(onEnd).toHaveBeenCalledTimes(1);
    expect(out.written.at(-1)).toContain('event: signed-out');
  });
});

describeEachDialect('live stream session re-check (issue 21)', (db) => {
  let t: TestApp;
  afterEach(() => t.close());

  it('a disabled account is no longer signed in for the stream, even with its session cached', async () => {
    t = await startTestApp(db());
    const admin = await t.setupAdmin();
    const staff = await t.signInAs('coordinator', admin);
    const token = staff.cookie.split('=')[1] ?? '';
    expect((await t.request({ method: 'GET', url: '/api/v1/me', cookie: staff.cookie })).statusCode).toBe(200);
    expect(await t.auth.stillSignedIn(sha256(token))).toBe(true);
    const disabled = await t.request({
      method: 'PATCH',
      url: `/api/v1/users/${staff.user.id}`,
      cookie: admin,
      body: { status: 'disabled' },
    });
    expect(disabled.statusCode, disabled.body).toBe(200);
    expect(await t.auth.stillSignedIn(sha256(token))).toBe(false);
  });

  it('refuses a seventh stream of one account with 429', async () => {
    t = await startTestApp(db());
    const admin = await t.setupAdmin();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const election = await t.request({
      method: 'POST',
      url: '/api/v1/elections',
      cookie: admin,
      body: { name: { ru: 'Выборы' }, kind: 'presidential', votingDate: '2026-12-06', timeZone: 'Asia/Almaty' },
    });
    const id = election.json().election.id;
    const controllers: AbortController[] = [];
    const open = async () => {
      const controller = new AbortController();
      controllers.push(controller);
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/elections/${id}/events`, {
        headers: { cookie: admin },
        signal: controller.signal,
      });
      return response.status;
    };
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push(await open());
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429]);
    for (const c of controllers) c.abort();
  });
});
