import type { StoredUpdate } from '../storage/types.ts';
import type { HeldPush, LaterRefusals } from './later-refusals.ts';

/**
 * When an office relay pushes again what the district could not take because its own
 * copy of the record is damaged (later-refusals.ts `relay_held_pushes`; decision 0013,
 * amendments 3 and 8): a wait that doubles at each try, up to a longest one, kept with
 * the held row so a restart keeps it. upstream.ts holds and pushes; this decides when.
 */

/**
 * The longest wait before a held record is pushed again alone, unless set
 * (PATRAVALI_RELAY_HELD_MAX_MS; decision 0013, amendment 8).
 */
export const HELD_WAIT_MAX_MS = 60 * 60_000;

/**
 * The wait before a held record is pushed again alone after its `tries`-th try: the
 * interval between runs, doubled at each try after the first, at most `maxMs`.
 */
export const heldWait = (intervalMs: number, tries: number, maxMs = HELD_WAIT_MAX_MS): number =>
  Math.min(maxMs, intervalMs * 2 ** Math.min(Math.max(tries - 1, 0), 30));

/**
 * Whether a held record is pushed again alone now: its wait is over, or the clock went
 * back past it by more than any wait (`maxMs`; set back by hand or by a time service).
 */
export const heldDue = (
  h: Pick<HeldPush, 'nextAt'>,
  now: number,
  maxMs = HELD_WAIT_MAX_MS,
): boolean => now >= h.nextAt || h.nextAt - now > maxMs;

/**
 * What is held that goes with this exchange: at the run's first exchange (`withHeld`)
 * what is due, and in any exchange a held record whose new rows it pushes (they build
 * on what is held).
 */
export function heldToPush(
  deps: {
    readonly now: () => number;
    readonly refusals: Pick<LaterRefusals, 'held'>;
    readonly heldMaxMs: number;
  },
  rows: readonly StoredUpdate[],
  withHeld: boolean,
): HeldPush[] {
  const now = deps.now();
  return deps.refusals
    .held()
    .filter(
      (h) =>
        (withHeld && heldDue(h, now, deps.heldMaxMs)) ||
        rows.some((u) => u.recordId === h.recordId),
    );
}
