import { keptJson } from './relay-state.ts';

/**
 * The sessions the office relay's tablets signed out at the relay, by token hash
 * with the session's expiry, kept in `relay-sign-outs.json` until the upstream
 * link has told the district, which ends them too (decision 0015, amendment 2):
 * a sign-out while the WAN is down reaches the district when it is back, and one
 * the relay was killed after is still told. An expired session needs no telling
 * and is dropped. Written whole after each change, one change at a time.
 */

export const SIGN_OUTS_FILE = 'relay-sign-outs.json';

export interface SignOut {
  readonly tokenHash: string;
  /** The session's expiry (ms since epoch): past it, the district's copy has ended anyway. */
  readonly expiresAt: number;
}

export interface SignOuts {
  /** The sign-outs still to tell the district, of sessions not yet expired at `now`. */
  list(now: number): readonly SignOut[];
  add(signOut: SignOut): Promise<void>;
  /** Drops those the district was told of, and any expired at `now`. */
  told(tokenHashes: readonly string[], now: number): Promise<void>;
}

export function openSignOuts(dataDir: string): SignOuts {
  const kept = keptJson<readonly SignOut[]>(dataDir, SIGN_OUTS_FILE, []);
  return {
    list: (now) => kept.get().filter((s) => s.expiresAt > now),
    add: (signOut) =>
      kept.change((s) => [...s.filter((o) => o.tokenHash !== signOut.tokenHash), signOut]),
    told: (tokenHashes, now) => {
      const done = new Set(tokenHashes);
      return kept.change((s) => s.filter((o) => !done.has(o.tokenHash) && o.expiresAt > now));
    },
  };
}
