/**
 * Failed sign-ins, counted per account and per device (never per address: a
 * whole tehsil reaches the server from one address). The first few failures
 * are free; after that each one locks the account and the device for a delay
 * that doubles, up to a ceiling, and while locked a sign-in is refused at once,
 * without hashing. A success clears both counters. In memory: a restart forgives.
 */

export const SIGN_IN_LIMITS = {
  /** Failures allowed before any wait: a person mistyping a few times is not locked. */
  freeFailures: 5,
  /** The first wait; each further failure doubles it. */
  firstDelayMs: 30_000,
  /** The longest wait. */
  maxDelayMs: 60 * 60_000,
  /** A counter idle this long is forgotten. */
  forgetAfterMs: 24 * 60 * 60_000,
  /** Counters kept at most (oldest dropped first), so junk ids cannot fill memory. */
  maxEntries: 100_000,
} as const;

interface Failures {
  count: number;
  lockedUntil: number;
  lastAt: number;
}

export interface SignInLimiter {
  /** When the sign-in may be tried again, or null when it may be tried now. */
  lockedUntil(keys: readonly string[], now: number): number | null;
  failed(keys: readonly string[], now: number): void;
  succeeded(keys: readonly string[]): void;
}

export const accountKey = (username: string): string => `u:${username.trim().toLowerCase()}`;
export const deviceKey = (deviceId: string): string => `d:${deviceId.toLowerCase()}`;

export function delayAfter(failures: number): number {
  const over = failures - SIGN_IN_LIMITS.freeFailures;
  if (over < 0) return 0;
  return Math.min(SIGN_IN_LIMITS.maxDelayMs, SIGN_IN_LIMITS.firstDelayMs * 2 ** over);
}

export function createSignInLimiter(): SignInLimiter {
  const entries = new Map<string, Failures>();
  const live = (key: string, now: number): Failures | undefined => {
    const e = entries.get(key);
    if (e !== undefined && now - e.lastAt > SIGN_IN_LIMITS.forgetAfterMs) {
      entries.delete(key);
      return undefined;
    }
    return e;
  };
  return {
    lockedUntil(keys, now) {
      const until = Math.max(0, ...keys.map((k) => live(k, now)?.lockedUntil ?? 0));
      return until > now ? until : null;
    },
    failed(keys, now) {
      for (const key of keys) {
        const e = live(key, now) ?? { count: 0, lockedUntil: 0, lastAt: now };
        e.count++;
        e.lastAt = now;
        e.lockedUntil = now + delayAfter(e.count);
        // Re-inserted last, so the map's order is oldest activity first.
        entries.delete(key);
        entries.set(key, e);
      }
      while (entries.size > SIGN_IN_LIMITS.maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },
    succeeded(keys) {
      for (const key of keys) entries.delete(key);
    },
  };
}

/**
 * At most `n` tasks at once; the rest wait their turn. Password hashes run on
 * libuv's thread pool (4 threads), which zlib and file I/O share: 32 parallel
 * wrong passwords used to hold all four and stall everyone's gzip for seconds.
 */
export function createLimit(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running < n) running++;
    // Woken with the finishing task's slot, so no newcomer can slip in between.
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next === undefined) running--;
      else next();
    }
  };
}
