/**
 * How many questions an office relay may ask the district about tokens it does
 * not know (district-sessions.ts): `perAddress` a minute from one address of the LAN
 * and `overall` a minute from all together, each a token bucket (that many at
 * once, then one every 60 s / n). A question is taken from both buckets or from
 * neither: a flood from one address cannot use up what other addresses have, nor
 * a full overall bucket the address's. In memory: a restart forgives.
 */

export interface AskBudget {
  /** Takes one question for `source` at `now`: false (nothing taken) when either bucket is empty. */
  take(source: string, now: number): boolean;
  /** How long from `now` until `take` for `source` would take one (0: now); changes nothing. */
  wait(source: string, now: number): number;
}

/** Addresses kept at most; full ones are dropped first, then the oldest (a dropped one starts full). */
const MAX_ADDRESSES = 10_000;

interface Bucket {
  tokens: number;
  at: number;
}

export function createAskBudget(perAddress: number, overall: number): AskBudget {
  // Full at the first question, whenever it comes.
  const all: Bucket = { tokens: overall, at: Number.NEGATIVE_INFINITY };
  const addresses = new Map<string, Bucket>();
  const fill = (b: Bucket, size: number, now: number): Bucket => {
    b.tokens = Math.min(size, b.tokens + (Math.max(0, now - b.at) * size) / 60_000);
    b.at = now;
    return b;
  };
  const prune = (now: number): void => {
    for (const [key, b] of addresses)
      if (fill(b, perAddress, now).tokens >= perAddress) addresses.delete(key);
    for (const key of addresses.keys()) {
      if (addresses.size < MAX_ADDRESSES) break;
      addresses.delete(key);
    }
  };
  /** Ms from `now` until `b` (or a full bucket when undefined) holds one question. */
  const until = (b: Bucket | undefined, size: number, now: number): number => {
    if (b === undefined) return 0;
    const { tokens } = fill({ ...b }, size, now);
    return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) * 60_000) / size);
  };
  return {
    wait: (source, now) =>
      Math.max(until(addresses.get(source), perAddress, now), until(all, overall, now)),
    take(source, now) {
      let own = addresses.get(source);
      if (own === undefined) {
        if (addresses.size >= MAX_ADDRESSES) prune(now);
        own = { tokens: perAddress, at: now };
        addresses.set(source, own);
      } else fill(own, perAddress, now);
      fill(all, overall, now);
      if (own.tokens < 1 || all.tokens < 1) return false;
      own.tokens -= 1;
      all.tokens -= 1;
      return true;
    },
  };
}
