import { describe, expect, it } from 'vitest';
import { newReportId } from './report-id.ts';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newReportId', () => {
  it('makes distinct version-7 UUIDs', () => {
    const ids = Array.from({ length: 1000 }, () => newReportId());
    for (const id of ids) expect(id).toMatch(V7);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('begins with the millisecond it was made, so later ids sort after earlier ones', () => {
    const before = Date.now();
    const id = newReportId();
    const millis = Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);
    expect(millis).toBeGreaterThanOrEqual(before);
    expect(millis).toBeLessThanOrEqual(Date.now());

    const times = [0, 1, 255, 256, 65_535, 1_700_000_000_000, 1_700_000_000_001, 2 ** 48 - 1];
    const ids = times.map((t) => newReportId(t));
    for (const made of ids) expect(made).toMatch(V7);
    expect([...ids].sort()).toEqual(ids);
    expect(ids.map((made) => Number.parseInt(made.replaceAll('-', '').slice(0, 12), 16))).toEqual(times);
  });
});
