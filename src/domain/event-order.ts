import type { RecordEvent } from './events.ts';
import { EMPTY_LOG, type RecordLog } from './record-log.ts';

/**
 * The order the fold (fold.ts) applies a record's events in: logged events by
 * the server's position, then this device's unlogged ones by (hlc, actor, id).
 * Kept apart from the fold so that code needing only the order (a change's
 * view, the claimed log) does not reach into how state is built.
 */

/** Stable text of a flat event, independent of key order, for tie-breaking. */
function canonical(e: RecordEvent): string {
  const entries = Object.entries(e).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Event order: (hlc, actor, id), then content so same-id variants sort stably. */
export function compareEvents(a: RecordEvent, b: RecordEvent): number {
  return (
    cmp(a.hlc, b.hlc) || cmp(a.actor, b.actor) || cmp(a.id, b.id) || cmp(canonical(a), canonical(b))
  );
}

/** Log order: logged events by position, then unlogged ones by compareEvents. */
export function compareInLog(log: RecordLog): (a: RecordEvent, b: RecordEvent) => number {
  return (a, b) => {
    const pa = log.get(a.id)?.pos ?? Infinity;
    const pb = log.get(b.id)?.pos ?? Infinity;
    return pa === pb ? compareEvents(a, b) : pa < pb ? -1 : 1;
  };
}

/** Events in fold order with exact duplicates removed. */
export function sortEvents(
  events: readonly RecordEvent[],
  log: RecordLog = EMPTY_LOG,
): RecordEvent[] {
  const sorted = [...events].sort(log.size === 0 ? compareEvents : compareInLog(log));
  return sorted.filter((e, i) => {
    const prev = sorted[i - 1];
    return prev === undefined || compareEvents(prev, e) !== 0;
  });
}
