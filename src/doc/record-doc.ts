import * as Y from 'yjs';
import type { RecordEvent } from '@domain/events.ts';
import { foldRecord } from '@domain/fold.ts';
import { foldGroup, type SavedGroup } from '@domain/groups.ts';
import { isFoldedMeta, type RecordMeta, type RecordState } from '@domain/record.ts';
import { EMPTY_LOG, type RecordLog } from '@domain/record-log.ts';
import { err } from '@domain/result.ts';
import type { Result } from '@domain/result.ts';
import { parseEvent, parseMeta } from '@domain/validate-event.ts';

/**
 * The Yjs schema of one record (DESIGN.md §3). What is stored where:
 * - `meta`   Y.Map  — the record's RecordMeta, one key per field, written once
 *                     in a single transaction when the record is created;
 * - `events` Y.Array — RecordEvent plain JSON objects, only ever appended;
 * - `letter` Y.Text  — the draft for approval, co-edited by the holder.
 * Nothing else lives in the document; validate-update.ts refuses anything else.
 */

export const ROOT = { meta: 'meta', events: 'events', letter: 'letter' } as const;

/**
 * A record's document has no sub-documents and no provider that names it, so
 * its `guid` is a constant: Yjs would otherwise make a random UUID per
 * document, 32 calls to crypto.getRandomValues (about 1 % of a 2,000-record
 * join's main thread at 4×, where every page loads each of its records).
 */
const RECORD_DOC_GUID = 'patravali-record';

export function newRecordYDoc(): Y.Doc {
  return new Y.Doc({ gc: true, guid: RECORD_DOC_GUID });
}

export function metaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ROOT.meta);
}

export function eventsArray(doc: Y.Doc): Y.Array<unknown> {
  return doc.getArray<unknown>(ROOT.events);
}

export function letterText(doc: Y.Doc): Y.Text {
  return doc.getText(ROOT.letter);
}

/** A copy as a plain object, so no caller-held reference ends up inside the doc. */
function plain(e: RecordEvent): Record<string, unknown> {
  return { ...e };
}

export function createRecordDoc(meta: RecordMeta, firstEvents: readonly RecordEvent[] = []): Y.Doc {
  const doc = newRecordYDoc();
  doc.transact(() => {
    const m = metaMap(doc);
    for (const [key, value] of Object.entries(meta)) m.set(key, value);
    if (firstEvents.length > 0) eventsArray(doc).push(firstEvents.map(plain));
  });
  return doc;
}

export function appendEvents(doc: Y.Doc, events: readonly RecordEvent[]): void {
  if (events.length === 0) return;
  doc.transact(() => eventsArray(doc).push(events.map(plain)));
}

export function readMeta(doc: Y.Doc): Result<RecordMeta, string> {
  const m = metaMap(doc);
  if (m.size === 0) return err('meta: missing');
  return parseMeta(m.toJSON());
}

export interface ReadEvents {
  readonly events: RecordEvent[];
  /** Entries that are not valid events (never expected; kept visible for diagnosis). */
  readonly invalid: readonly { readonly index: number; readonly problem: string }[];
}

export function readEventsDetailed(doc: Y.Doc): ReadEvents {
  const events: RecordEvent[] = [];
  const invalid: { index: number; problem: string }[] = [];
  eventsArray(doc)
    .toArray()
    .forEach((raw, index) => {
      const parsed = parseEvent(raw);
      if (parsed.ok) events.push(parsed.value);
      else invalid.push({ index, problem: parsed.error });
    });
  return { events, invalid };
}

/** The valid events of the record, in document order (the fold sorts them). */
export function readEvents(doc: Y.Doc): RecordEvent[] {
  return readEventsDetailed(doc).events;
}

/**
 * The record's derived state, or null if the document has no valid meta yet,
 * or is a saved group of recipients (readGroup; groups.ts), not a file or receipt.
 * `log` is the server's log of the record (order and time bounds; see record-log.ts).
 */
export function readRecordState(
  doc: Y.Doc,
  now: number,
  log: RecordLog = EMPTY_LOG,
): RecordState | null {
  const meta = readMeta(doc);
  return meta.ok && isFoldedMeta(meta.value)
    ? foldRecord(meta.value, readEvents(doc), now, log)
    : null;
}

/** The saved group the document holds, or null when it holds none (groups.ts). */
export function readGroup(doc: Y.Doc, log: RecordLog = EMPTY_LOG): SavedGroup | null {
  const meta = readMeta(doc);
  return meta.ok && meta.value.kind === 'group'
    ? foldGroup(meta.value, readEvents(doc), log)
    : null;
}

/** Load a record document from stored updates (oldest first). */
export function loadRecordDoc(updates: readonly Uint8Array[]): Y.Doc {
  const doc = newRecordYDoc();
  doc.transact(() => {
    for (const u of updates) Y.applyUpdate(doc, u);
  });
  return doc;
}
