/**
 * Remembers the results of a pure function of one string, up to `limit` entries (then starts
 * over, so a client sending endless new values costs memory only up to the limit). For work every
 * request repeats with the same few inputs: hashing a session token, judging an Origin header.
 */
export function boundedMemo<T>(compute: (key: string) => T, limit = 10_000): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    const hit = known.get(key);
    if (hit !== undefined || known.has(key)) return hit as T;
    if (known.size >= limit) known.clear();
    const value = compute(key);
    known.set(key, value);
    return value;
  };
}
