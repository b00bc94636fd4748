import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { overviewKeys } from '../overview/overview.keys.ts';
import { queueKeys } from '../queue/queue.keys.ts';
import { resyncLiveQueries } from './live-resync.ts';
import { reportsKeys } from './reports.keys.ts';
import { type LiveSource, type LiveStatus, openLiveStream } from './use-report-events.ts';

/** A stream as the browser's EventSource presents it (Node has none): listeners by event name. */
class StreamStandIn implements LiveSource {
  readyState = 0;
  closed = false;
  private readonly listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();
  constructor(readonly url: string) {}
  addEventListener(name: string, listener: unknown) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener as (event: MessageEvent<string>) => void]);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  emit(name: string, data = '{}') {
    for (const l of this.listeners.get(name) ?? []) l({ data } as MessageEvent<string>);
  }
}

describe('the live stream resync', () => {
  it('invalidates the live screen, the overview and the queue of the election, and nothing else', async () => {
    const client = new QueryClient();
    const keys = {
      live: [...reportsKeys.live('e1'), 'stats'],
      alerts: [...reportsKeys.live('e1'), 'alerts'],
      overview: overviewKeys.one('e1'),
      queue: queueKeys.list('e1', { state: 'pending' }),
      otherElection: overviewKeys.one('e2'),
      report: reportsKeys.detail('r1'),
    };
    for (const key of Object.values(keys)) client.setQueryData(key, { n: 1 });
    await resyncLiveQueries(client, 'e1');
    const invalidated = Object.fromEntries(
      Object.entries(keys).map(([name, key]) => [name, client.getQueryState(key)?.isInvalidated]),
    );
    expect(invalidated).toEqual({
      live: true,
      alerts: true,
      overview: true,
      queue: true,
      otherElection: false,
      report: false,
    });
  });

  it('on `resync` the stream calls the handler, closes, and opens again at once', async () => {
    const sources: StreamStandIn[] = [];
    const statuses: LiveStatus[] = [];
    let resyncs = 0;
    let opens = 0;
    const close = openLiveStream(
      'e1',
      () => ({ onEvent: () => {}, onOpen: () => (opens += 1), onResync: () => (resyncs += 1) }),
      (s) => statuses.push(s),
      (url) => {
        const s = new StreamStandIn(url);
        sources.push(s);
        return s;
      },
    );
    sources[0]?.emit('open');
    sources[0]?.emit('resync');
    expect(resyncs).toBe(1);
    expect(sources[0]?.closed).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(sources).toHaveLength(2);
    expect(sources[1]?.url).toBe(sources[0]?.url);
    sources[1]?.emit('open');
    expect(opens).toBe(2);
    expect(statuses).toEqual(['connecting', 'live', 'reconnecting', 'live']);
    close();
    expect(sources[1]?.closed).toBe(true);
  });
});
