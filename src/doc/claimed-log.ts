import type * as Y from 'yjs';
import { sortEvents } from '@domain/event-order.ts';
import { hlcWallMs } from '@domain/hlc.ts';
import { logOf, type LogEntry, type RecordLog } from '@domain/record-log.ts';
import { readEvents, readMeta } from './record-doc.ts';

/**
 * Log entries for a record taken at its word: its creation, then its events in
 * the order the fold used before the server kept a log ((hlc, actor, id)), each
 * received at its claimed time. For records stored before the log existed
 * (marked legacy) and for seeded demo records, whose times are the plan's.
 */

export interface ClaimedEntry {
  readonly eventId: string;
  readonly receivedAt: number;
  readonly notBefore: number;
}

export function claimedEntries(doc: Y.Doc): ClaimedEntry[] {
  const out: ClaimedEntry[] = [];
  const put = (eventId: string, at: number): void => {
    out.push({ eventId, receivedAt: at, notBefore: at });
  };
  const meta = readMeta(doc);
  if (meta.ok) put(meta.value.id, hlcWallMs(meta.value.createdAt));
  for (const e of sortEvents(readEvents(doc))) put(e.id, hlcWallMs(e.hlc));
  return out;
}

/** The entries positioned in their order, from `firstPos` on. */
export function positioned(entries: readonly ClaimedEntry[], firstPos = 1): LogEntry[] {
  return entries.map((e, i) => ({ ...e, pos: firstPos + i }));
}

export function claimedLog(doc: Y.Doc): RecordLog {
  return logOf(positioned(claimedEntries(doc)));
}
