/**
 * Exponential backoff with "equal jitter": the delay doubles per failed attempt
 * up to a cap, and a random half of it is jittered so a whole office's tablets
 * coming back online do not retry in lockstep.
 */

export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
}

/** Retrying a failed sync while the link is down. */
export const SYNC_RETRY: BackoffPolicy = { baseMs: 2_000, maxMs: 5 * 60_000 };
/** Reconnecting the push channel. */
export const PUSH_RECONNECT: BackoffPolicy = { baseMs: 1_000, maxMs: 2 * 60_000 };

/** Delay before retry number `attempt` (0 = first retry); `random` returns [0, 1). */
export function backoffDelay(attempt: number, random: () => number, policy: BackoffPolicy): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
