import { afterEach, describe, expect, it, vi } from 'vitest';
import { PollingJobRunner } from './polling-job-runner.ts';

/** A pass that waits until the test lets it end. */
function gate() {
  let open: () => void = () => {};
  const passes: Promise<void>[] = [];
  let count = 0;
  const pass = () => {
    count++;
    const p = new Promise<void>((resolve) => {
      open = resolve;
    });
    passes.push(p);
    return p;
  };
  return { pass, release: () => open(), count: () => count };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('PollingJobRunner', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs a pass at start and every pollMs, never two at once, and nothing once stopped', async () => {
    vi.useFakeTimers();
    const g = gate();
    const runner = new PollingJobRunner({ pollMs: 1_000, pass: g.pass });
    runner.wake(); // not started: nothing
    expect(g.count()).toBe(0);
    runner.start();
    expect(g.count()).toBe(1);
    await vi.advanceTimersByTimeAsync(3_000); // polls while the first pass still runs are skipped
    expect(g.count()).toBe(1);
    g.release();
    await runner.idle();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(g.count()).toBe(2);
    const stopped = runner.stop();
    expect(runner.stopping).toBe(true);
    let done = false;
    void stopped.then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toBe(false); // waits for the pass in progress
    g.release();
    await stopped;
    await vi.advanceTimersByTimeAsync(5_000);
    runner.wake();
    expect(g.count()).toBe(2);
  });

  it('with catchUp, a wake during a pass runs one more pass right after it', async () => {
    const g = gate();
    const runner = new PollingJobRunner({ pollMs: 60_000, pass: g.pass, catchUp: true });
    runner.start();
    runner.wake();
    runner.wake();
    expect(g.count()).toBe(1);
    g.release();
    await tick();
    expect(g.count()).toBe(2);
    g.release();
    await runner.idle();
    expect(g.count()).toBe(2);
    await runner.stop();
  });

  it('reports a failed pass and keeps polling', async () => {
    vi.useFakeTimers();
    const errors: unknown[] = [];
    let calls = 0;
    const runner = new PollingJobRunner({
      pollMs: 1_000,
      pass: async () => {
        calls++;
        throw new TypeError('database away');
      },
      onError: (error) => errors.push(error),
    });
    runner.start();
    await vi.advanceTimersByTimeAsync(1_000);
    await runner.stop();
    expect(calls).toBe(2);
    expect(errors.map((e) => (e as Error).name)).toEqual(['TypeError', 'TypeError']);
  });

  it('claims with its id and the stale limit until the queue is empty or the handler says stop', async () => {
    const now = new Date('2026-12-20T08:00:00.000Z');
    const runner = new PollingJobRunner({ pollMs: 1_000, pass: async () => {}, now: () => now, staleMs: 30_000 });
    const queue = [1, 2, 3, 4];
    const claims: [string, string, string][] = [];
    const claim = async (id: string, at: Date, staleBefore: Date) => {
      claims.push([id, at.toISOString(), staleBefore.toISOString()]);
      return queue.shift();
    };
    const handled: number[] = [];
    await runner.claimEach(claim, async (job) => {
      handled.push(job);
      return job !== 2;
    });
    expect(handled).toEqual([1, 2]);
    expect(claims[0]).toEqual([runner.id, now.toISOString(), '2026-12-20T07:59:30.000Z']);
    await runner.claimEach(claim, async (job) => {
      handled.push(job);
      return true;
    });
    expect(handled).toEqual([1, 2, 3, 4]);
    expect(claims).toHaveLength(5); // the last claim found nothing
  });
});
