/**
 * Requests per person, as a token bucket: a person may make `perMinute`
 * requests at once, and one more every 60 s / perMinute after that. Keyed by
 * person, never by address (a whole tehsil reaches the server from one
 * address) nor by device (a person's eight tablets share one allowance). In
 * memory: a restart forgives. The clock is the server's injected `now`.
 */

export interface PersonRate {
  /** Takes one request from `person`'s allowance: null when allowed, else ms until one is free. */
  take(person: string, now: number): number | null;
}

/** Buckets kept at most; full ones are dropped first, then the oldest. */
const MAX_BUCKETS = 100_000;

interface Bucket {
  tokens: number;
  at: number;
}

/** `perMinute` 0 turns the limit off. */
export function createPersonRate(perMinute: number): PersonRate {
  if (perMinute <= 0) return { take: () => null };
  const msPerToken = 60_000 / perMinute;
  const buckets = new Map<string, Bucket>();
  const refill = (b: Bucket, now: number): void => {
    b.tokens = Math.min(perMinute, b.tokens + Math.max(0, now - b.at) / msPerToken);
    b.at = now;
  };
  const prune = (now: number): void => {
    for (const [key, b] of buckets) {
      refill(b, now);
      if (b.tokens >= perMinute) buckets.delete(key);
    }
    // Still full of busy people: forget the oldest (a forgotten bucket starts full).
    for (const key of buckets.keys()) {
      if (buckets.size < MAX_BUCKETS) break;
      buckets.delete(key);
    }
  };
  return {
    take(person, now) {
      let b = buckets.get(person);
      if (b === undefined) {
        if (buckets.size >= MAX_BUCKETS) prune(now);
        b = { tokens: perMinute, at: now };
        buckets.set(person, b);
      } else refill(b, now);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return null;
      }
      return Math.ceil((1 - b.tokens) * msPerToken);
    },
  };
}
