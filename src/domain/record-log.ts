import type { RecordEvent } from './events.ts';
import type { RegisterNumber } from './running-register.ts';

/**
 * The server's log of a record (docs/decisions/0002-record-order.md). Every
 * event the server accepts, and every record's creation, gets one entry: its
 * position in the server's log (the record's order; never a device clock),
 * the server's receipt time and the device's last server contact before it
 * pushed (the earliest time the event can honestly claim). Devices learn the
 * entries through sync; an event without one is this device's unsent work.
 */

export interface LogEntry {
  /** The event's id, or the record's id for its creation (meta). */
  readonly eventId: string;
  /** Global position in the server's log; assigned at commit, in commit order. */
  readonly pos: number;
  /** Server clock (ms) when the server committed it. */
  readonly receivedAt: number;
  /** Server clock (ms) of the pushing device's last contact before this exchange. */
  readonly notBefore: number;
  /**
   * A dispatch of an office keeping a running register: its number there, given
   * by the server once, when it accepted the dispatch (running-register.ts).
   */
  readonly register?: RegisterNumber;
}

/** A record's entries by event id (meta under the record id). */
export type RecordLog = ReadonlyMap<string, LogEntry>;

export const EMPTY_LOG: RecordLog = new Map();

export function logOf(entries: Iterable<LogEntry>): RecordLog {
  return new Map([...entries].map((e) => [e.eventId, e]));
}

/**
 * A claimed time further than this outside [notBefore, receivedAt] is not
 * verified: it covers the device's corrected clock and a request in flight.
 */
export const CLAIM_TOLERANCE_MS = 60_000;

/** The time the fold uses for an item claiming `claimed` ms, and whether to trust it. */
export function boundedTime(
  claimed: number,
  claimVerified: boolean,
  entry: LogEntry | undefined,
): { readonly at: number; readonly verified: boolean } {
  if (entry === undefined) return { at: claimed, verified: claimVerified };
  const at = Math.min(Math.max(claimed, entry.notBefore), entry.receivedAt);
  const inside =
    claimed >= entry.notBefore - CLAIM_TOLERANCE_MS &&
    claimed <= entry.receivedAt + CLAIM_TOLERANCE_MS;
  return { at, verified: claimVerified && inside };
}

/**
 * The ids an event builds on: its movement basis and, once events are signed,
 * the hashes-of-previous-events chain (`prev`, ids or hashes resolved by the
 * caller). Works with or without `prev`.
 */
export function buildsOn(e: RecordEvent): readonly string[] {
  const on: string[] = [];
  if ('basis' in e && typeof e.basis === 'string') on.push(e.basis);
  if (e.prev !== undefined) on.push(...e.prev);
  return on;
}

/**
 * The events of one pushed update in the order they enter the log: each after
 * the events of the same update it builds on, otherwise in document order.
 * So the log order is always a causal order. `keysOf` gives the keys by which
 * `buildsOn` may name an event: its id (basis) and, for signed events, its
 * item hash (`prev`).
 */
export function causalOrder<E extends RecordEvent>(
  events: readonly E[],
  keysOf: (e: E) => readonly string[] = (e) => [e.id],
): E[] {
  const byKey = new Map(events.flatMap((e) => keysOf(e).map((k) => [k, e] as const)));
  const placed = new Set<E>();
  const out: E[] = [];
  const visiting = new Set<E>();
  const place = (e: E): void => {
    if (placed.has(e) || visiting.has(e)) return; // a cycle cannot be causal; document order wins
    visiting.add(e);
    for (const k of buildsOn(e)) {
      const dep = byKey.get(k);
      if (dep !== undefined) place(dep);
    }
    visiting.delete(e);
    placed.add(e);
    out.push(e);
  };
  for (const e of events) place(e);
  return out;
}
