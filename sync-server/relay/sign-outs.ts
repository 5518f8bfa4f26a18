import { keptJson } from './relay-state.ts';

/**
 * The sessions the office relay's tablets signed out at the relay, by token hash
 * with the session's expiry, kept in `relay-sign-outs.json` until the upstream
 * link has told the district, which ends them too (decision 0015, amendment 2):
 * a sign-out while the WAN is down reaches the district when it is back, and one
 * the relay was killed after is still told. An expired session needs no telling
 * and is dropped, at each sign-out too (a district that never takes the call, an
 * older one, would otherwise let the file grow for good). At most `SIGN_OUTS_KEPT`
 * are kept: past it, those whose sessions expire first are dropped, said in the
 * log (those sessions stay live at the district until they expire). Written whole
 * after each change, one change at a time.
 */

export const SIGN_OUTS_FILE = 'relay-sign-outs.json';

/**
 * Sign-outs kept at most (about 100 bytes each: a file of 1 MB, written whole).
 * Sessions last 30 days by default (PATRAVALI_TOKEN_TTL_HOURS): a tehsil's
 * tablets, tens of them, signing out a few times a day each stay well within it
 * for a whole session lifetime while the district does not take the call.
 */
export const SIGN_OUTS_KEPT = 10_000;

export interface SignOut {
  readonly tokenHash: string;
  /** The session's expiry (ms since epoch): past it, the district's copy has ended anyway. */
  readonly expiresAt: number;
}

export interface SignOuts {
  /** The sign-outs still to tell the district, of sessions not yet expired at `now`. */
  list(now: number): readonly SignOut[];
  /** Keeps `signOut`, and drops any expired at `now` (and the soonest to expire past the cap). */
  add(signOut: SignOut, now: number): Promise<void>;
  /** Drops those the district was told of, and any expired at `now`. */
  told(tokenHashes: readonly string[], now: number): Promise<void>;
}

export function openSignOuts(
  dataDir: string,
  log: (line: string) => void,
  keep: number = SIGN_OUTS_KEPT,
): SignOuts {
  const kept = keptJson<readonly SignOut[]>(dataDir, SIGN_OUTS_FILE, []);
  return {
    list: (now) => kept.get().filter((s) => s.expiresAt > now),
    async add(signOut, now) {
      let dropped: readonly SignOut[] = [];
      await kept.change((s) => {
        const others = s.filter((o) => o.tokenHash !== signOut.tokenHash);
        const live = [...others, signOut].filter((o) => o.expiresAt > now);
        if (live.length <= keep) return live;
        // The newest first among those that expire together.
        const byExpiry = live.map((o, i) => ({ o, i }));
        byExpiry.sort((a, b) => b.o.expiresAt - a.o.expiresAt || b.i - a.i);
        const keeping = new Set(byExpiry.slice(0, keep).map((e) => e.o));
        dropped = live.filter((o) => !keeping.has(o));
        return live.filter((o) => keeping.has(o));
      });
      if (dropped.length === 0) return;
      const until = new Date(Math.max(...dropped.map((o) => o.expiresAt))).toISOString();
      log(
        `relay: ${SIGN_OUTS_FILE} keeps at most ${keep} sign-outs the district has not taken; ` +
          `dropped ${dropped.length} whose sessions expire first (live at the district until ${until} at the latest)`,
      );
    },
    told: (tokenHashes, now) => {
      const done = new Set(tokenHashes);
      return kept.change((s) => s.filter((o) => !done.has(o.tokenHash) && o.expiresAt > now));
    },
  };
}
