import { randomBytes } from 'node:crypto';

let lastMs = -1;
let sequence = 0;

/**
 * A UUID (version 7 layout) that sorts by time, with a counter within a millisecond, so an
 * applicant's history reads in the order it was written even when several entries share a clock tick.
 */
export function timeOrderedId(now: Date): string {
  const ms = now.getTime();
  if (ms === lastMs) sequence = (sequence + 1) & 0xfff;
  else {
    lastMs = ms;
    sequence = 0;
  }
  const time = ms.toString(16).padStart(12, '0');
  const random = randomBytes(8).toString('hex');
  const variant = ((Number.parseInt(random[0] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const seq = sequence.toString(16).padStart(3, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${seq}-${variant}${random.slice(1, 4)}-${random.slice(4, 16)}`;
}
