import { localDateTime } from '@pollwatch/core';

/**
 * The local day of `now` in a time zone, and the instant it began. The offset is read at `now`;
 * a daylight-saving change earlier the same day (none in Kazakhstan) would move the start by an hour.
 */
export function localDay(now: Date, timeZone: string): { date: string; start: Date } {
  const local = localDateTime(now, timeZone);
  const [hours, minutes] = local.time.split(':').map(Number);
  const intoDay = ((hours ?? 0) * 60 + (minutes ?? 0)) * 60_000 + (now.getTime() % 60_000);
  return { date: local.date, start: new Date(now.getTime() - intoDay) };
}
