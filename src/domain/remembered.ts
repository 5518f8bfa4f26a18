/**
 * A pure function of a string, remembered for up to `limit` distinct inputs;
 * when full it forgets them all and starts again. For work that meets the same
 * inputs over and over, as the search index meets an office's vocabulary: a
 * join folds hundreds of thousands of words, most of them the same few
 * thousand. A plain Map, not an LRU cache: a hit is one lookup, with no
 * bookkeeping, and forgetting everything once in a while costs only the next
 * few misses.
 */
export function remembered<T>(fn: (input: string) => T, limit: number): (input: string) => T {
  const seen = new Map<string, T>();
  return (input) => {
    const known = seen.get(input);
    if (known !== undefined || seen.has(input)) return known as T;
    if (seen.size >= limit) seen.clear();
    const value = fn(input);
    seen.set(input, value);
    return value;
  };
}
