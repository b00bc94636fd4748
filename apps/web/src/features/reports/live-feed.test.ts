import { describe, expect, it } from 'vitest';
import { parseReportEvent, prependEvent } from './live-feed.ts';
import type { ReportAcceptedEvent } from './reports-api.ts';

const event = (reportId: string, revision = 1): ReportAcceptedEvent => ({
  type: 'report.accepted',
  electionId: 'e1',
  reportId,
  revision,
  stationId: 's1',
  formKind: 'opening',
  flags: [],
  at: '2026-11-10T06:00:00.000Z',
});

describe('live feed', () => {
  it('reads a report.accepted event and refuses anything else', () => {
    expect(parseReportEvent(JSON.stringify(event('r1')))).toEqual(event('r1'));
    expect(parseReportEvent(JSON.stringify({ ...event('r1'), flags: [{ code: 'not_assigned' }] }))?.flags).toEqual([
      { code: 'not_assigned' },
    ]);
    expect(parseReportEvent('not json')).toBeNull();
    expect(parseReportEvent(JSON.stringify({ ...event('r1'), type: 'other' }))).toBeNull();
    expect(parseReportEvent(JSON.stringify({ ...event('r1'), revision: '1' }))).toBeNull();
    expect(parseReportEvent(JSON.stringify({ ...event('r1'), flags: [1] }))).toBeNull();
  });

  it('puts new events on top, ignores a repeat, keeps a correction and drops the oldest past the limit', () => {
    let feed = prependEvent([], event('r1'));
    feed = prependEvent(feed, event('r2'));
    expect(feed.map((e) => e.reportId)).toEqual(['r2', 'r1']);
    expect(prependEvent(feed, event('r1'))).toBe(feed);
    feed = prependEvent(feed, event('r1', 2));
    expect(feed.map((e) => `${e.reportId}:${e.revision}`)).toEqual(['r1:2', 'r2:1', 'r1:1']);
    expect(prependEvent(feed, event('r3'), 2).map((e) => e.reportId)).toEqual(['r3', 'r1']);
  });
});
