/**
 * A cache for pure functions of request input (a time zone from a cookie, say): it keeps at
 * most `maxEntries` results and forgets them all when full, so input that varies without limit
 * costs memory only up to that bound. Never put anything personal in one: it is shared by all
 * requests.
 */
export function boundedCache<T>(maxEntries: number) {
  const entries = new Map<string, T>();
  const cached = (key: string, compute: () => T): T => {
    if (entries.has(key)) return entries.get(key)!;
    const value = compute();
    if (entries.size >= maxEntries) entries.clear();
    entries.set(key, value);
    return value;
  };
  /** Drops one result, for example a promise that was rejected. */
  cached.forget = (key: string) => entries.delete(key);
  return cached;
}
