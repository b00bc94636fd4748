/**
 * A part of a whole as a whole-number percentage, or null when there is no whole (0 of 0 is not
 * 0%, and never NaN% or inf%: the UI shows "—").
 */
export function shareOf(part: number, whole: number): number | null {
  if (!Number.isFinite(part) || !Number.isFinite(whole) || whole <= 0) return null;
  return Math.min(100, Math.max(0, Math.round((part / whole) * 100)));
}
