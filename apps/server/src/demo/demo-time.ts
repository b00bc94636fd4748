import { addDays, localDateTime } from '@pollwatch/core';

/** The instant when the clocks of `timeZone` read `date` `time` (`YYYY-MM-DD`, `HH:MM`). */
export function instantAt(date: string, time: string, timeZone: string): Date {
  const wanted = Date.parse(`${date}T${time}:00Z`);
  let guess = wanted;
  // Two corrections settle any zone with whole-minute offsets (a DST gap would only shift by its size).
  for (let i = 0; i < 3; i++) {
    const local = localDateTime(new Date(guess), timeZone);
    const seen = Date.parse(`${local.date}T${local.time}:00Z`);
    if (seen === wanted) break;
    guess += wanted - seen;
  }
  return new Date(guess);
}

/** The local date in `timeZone` at `now`, shifted by `days`. */
export function localDate(now: Date, timeZone: string, days = 0): string {
  return addDays(localDateTime(now, timeZone).date, days);
}

/** `HH:MM` plus `minutes`, wrapping at midnight. */
export function addMinutes(time: string, minutes: number): string {
  const [h = 0, m = 0] = time.split(':').map(Number);
  const total = (((h * 60 + m + minutes) % 1440) + 1440) % 1440;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}
