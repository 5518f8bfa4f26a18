import * as Y from 'yjs';
import {
  appendEvents,
  createRecordDoc,
  loadRecordDoc as docFromUpdates,
  readGroup,
  readRecordState,
} from '@doc/record-doc.ts';
import type { RecordEvent } from '@domain/events.ts';
import type { RecordId } from '@domain/ids.ts';
import type { SavedGroup } from '@domain/groups.ts';
import type { RecordMeta, RecordState } from '@domain/record.ts';
import { EMPTY_LOG, logOf, type LogEntry, type RecordLog } from '@domain/record-log.ts';
import { PROJECTION_VERSION, projectRecord } from '@domain/projection.ts';
import { RELAY_OWN_ORDER } from '@protocol/messages.ts';
import type { LogEntryRow, PatravaliDb, RecordSummary, UpdateRow } from './db.ts';
import { clearSearchRows, deleteSearchRows, putSearchRows, searchTables } from './search-rows.ts';

/**
 * Record documents on the device.
 *
 * What is stored where:
 * - `updates`  every Yjs update of every record (local and from the server);
 *              a record's Y.Doc is these applied in `seq` order. Source of truth.
 * - `outbox`   a copy of each LOCAL update until the server acknowledges it.
 * - `records`  the projection row (RecordSummary, the domain's projectRecord)
 *              of the state folded from the doc and the record's log entries;
 *              it is written in the same transaction as every write to
 *              `updates` or `logEntries` and can be rebuilt from them alone
 *              (rebuildProjection; rebuildOlderRows for rows of an older
 *              PROJECTION_VERSION).
 * - `searchHeads`, `searchWords` the record's search index rows
 *              (search-rows.ts), written and deleted with its `records` row,
 *              from the same state.
 * - `logEntries` the server's log entry of each event and of the creation,
 *              learnt through sync: the record's order and time bounds.
 */

/** The projection is about current holders, not dwell times, so any `now` folds to the same row. */
const PROJECTION_NOW = 0;

/** A record's Y.Doc, built from its stored updates (empty doc if none). */
export async function loadRecordDoc(db: PatravaliDb, recordId: RecordId): Promise<Y.Doc> {
  return docFromRows(await db.updates.where('recordId').equals(recordId).toArray());
}

/** The record's log as this device knows it (empty before its first sync). */
export async function recordLog(db: PatravaliDb, recordId: RecordId): Promise<RecordLog> {
  return logOf(await db.logEntries.where('recordId').equals(recordId).toArray());
}

/**
 * Stores entries the server sent for a record (a known entry is overwritten by the
 * same). `relay`: an office relay sent them (relay-claims.ts), and says which keep its
 * word that the district logged the event (`claimed`, `claimedAt`).
 */
export async function saveEntries(
  db: PatravaliDb,
  recordId: RecordId,
  entries: readonly LogEntry[],
  relay?: RelayWord,
): Promise<void> {
  if (entries.length === 0) return;
  const rows: LogEntryRow[] = entries.map((e) => ({
    recordId,
    eventId: e.eventId,
    pos: e.pos,
    receivedAt: e.receivedAt,
    notBefore: e.notBefore,
    ...(e.register !== undefined ? { register: e.register } : {}),
    ...(e.pos >= RELAY_OWN_ORDER ? { atRelay: 1 as const } : {}),
    ...relay?.claimOf(recordId, e.eventId, e.pos),
  }));
  await db.logEntries.bulkPut(rows);
}

/** An office relay's word kept on an entry (relay-claims.ts). */
export interface ClaimMark {
  readonly claimed: 1 | 2;
  /** This tablet's clock when it first kept the word. */
  readonly claimedAt: number;
}

/**
 * How entries an office relay serves are marked (relay-claims.ts relayWord): the mark an
 * entry at `pos` gets, or undefined for none.
 */
export interface RelayWord {
  claimOf(recordId: RecordId, eventId: string, pos: number): ClaimMark | undefined;
}

/** A record's Y.Doc from its update rows, applied in `seq` order. */
export function docFromRows(rows: readonly UpdateRow[]): Y.Doc {
  const ordered = [...rows].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  return docFromUpdates(ordered.map((r) => r.update));
}

/** The folded state of a record from its update rows (null without valid meta). */
export function stateOfRows(
  rows: readonly UpdateRow[],
  now: number,
  log: RecordLog = EMPTY_LOG,
): RecordState | null {
  const doc = docFromRows(rows);
  try {
    return stateOfDoc(doc, now, log);
  } finally {
    doc.destroy();
  }
}

/** Folds the doc into state; null while the record has no (valid) meta. */
export const stateOfDoc = readRecordState;

/** Rewrites the record's projection row from `doc` (loaded if not given). Call inside a transaction. */
export async function refreshProjection(
  db: PatravaliDb,
  recordId: RecordId,
  doc?: Y.Doc,
): Promise<RecordSummary | null> {
  const d = doc ?? (await loadRecordDoc(db, recordId));
  const log = await recordLog(db, recordId);
  const state = stateOfDoc(d, PROJECTION_NOW, log);
  // A saved group of recipients (decision 0014) has no projection row: its own table's row.
  const group = state === null ? readGroup(d, log) : null;
  if (doc === undefined) d.destroy();
  if (group !== null) await db.groups.put(group);
  if (state === null) {
    await deleteRecordRows(db, recordId);
    return null;
  }
  return putRecordRows(db, state);
}

/** Writes the rows derived from a record's state: its projection and its search index. */
export async function putRecordRows(db: PatravaliDb, state: RecordState): Promise<RecordSummary> {
  const row = projectRecord(state);
  await db.records.put(row);
  await putSearchRows(db, state, row.lastActivity);
  return row;
}

/** Deletes the rows derived from a record (projection and search index). */
export async function deleteRecordRows(db: PatravaliDb, recordId: RecordId): Promise<void> {
  await db.records.delete(recordId);
  await deleteSearchRows(db, recordId);
}

/** The tables a write of a record's updates and derived rows touches. */
export function recordTables(db: PatravaliDb) {
  return [db.updates, db.records, ...searchTables(db), db.logEntries, db.groups];
}

/** Rows rebuilt per transaction by rebuildOlderRows (bounds the updates in memory at once). */
const REBUILD_BATCH = 200;

/**
 * Rebuilds the rows that were not made by this PROJECTION_VERSION (an older
 * build's, or from before rows had a version); returns how many. Index reads
 * only when every row is current, as on every start but the first after an
 * upgrade.
 */
export async function rebuildOlderRows(db: PatravaliDb): Promise<number> {
  const current = db.records.where('version').equals(PROJECTION_VERSION);
  if ((await current.count()) === (await db.records.count())) return 0;
  const fresh = new Set(await current.primaryKeys());
  const stale = (await db.records.toCollection().primaryKeys()).filter((id) => !fresh.has(id));
  for (let i = 0; i < stale.length; i += REBUILD_BATCH) {
    // Only the projection: search rows do not depend on PROJECTION_VERSION (search-index.ts
    // rebuilds its own); writing them in this transaction, in the database's ready phase,
    // ended in PrematureCommitError.
    await db.transaction('rw', [db.updates, db.records, db.logEntries], async () => {
      for (const id of stale.slice(i, i + REBUILD_BATCH)) {
        const rows = await db.updates.where('recordId').equals(id).toArray();
        const state = stateOfRows(rows, PROJECTION_NOW, await recordLog(db, id));
        if (state === null) await db.records.delete(id);
        else await db.records.put(projectRecord(state));
      }
    });
  }
  return stale.length;
}

/** Rebuilds every projection row from `updates`, in one transaction. */
export async function rebuildProjection(db: PatravaliDb): Promise<void> {
  await db.transaction('rw', recordTables(db), async () => {
    await db.records.clear();
    await clearSearchRows(db);
    await db.groups.clear();
    const ids = (await db.updates.orderBy('recordId').uniqueKeys()) as RecordId[];
    for (const id of ids) await refreshProjection(db, id);
  });
}

/**
 * Replaces the record's updates with `state` (nothing if empty) and its log
 * entries with `entries`, and refreshes its row.
 */
export async function resetRecord(
  db: PatravaliDb,
  recordId: RecordId,
  state: Uint8Array,
  entries: readonly LogEntry[] = [],
): Promise<void> {
  await db.transaction('rw', recordTables(db), async () => {
    await db.updates.where('recordId').equals(recordId).delete();
    // A relay's word on the record outlives the reset: a refusal must not erase it.
    const marks = new Map<string, ClaimMark>();
    for (const r of await db.logEntries.where('recordId').equals(recordId).toArray())
      if (r.claimed !== undefined)
        marks.set(r.eventId, { claimed: r.claimed, claimedAt: r.claimedAt ?? 0 });
    await db.logEntries.where('recordId').equals(recordId).delete();
    if (state.byteLength > 0 && !isEmptyUpdate(state))
      await db.updates.add({ recordId, update: state });
    await saveEntries(db, recordId, entries, { claimOf: (_, eventId) => marks.get(eventId) });
    await refreshProjection(db, recordId);
  });
}

/** An update that inserts and deletes nothing (Yjs encodes it as two zero bytes). */
export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.byteLength <= 2 && update.every((b) => b === 0);
}

/**
 * Writes a local change of a record (meta when it creates it, then events) to
 * `doc` and stores the resulting Yjs update in `updates` and `outbox`, with the
 * record's projection and search rows from `state`, as the change left it.
 * Call inside a transaction covering `updates`, `outbox`, `records` and
 * `search` (the command's; the database is opened with strict durability).
 */
export async function storeLocalChange(
  db: PatravaliDb,
  recordId: RecordId,
  doc: Y.Doc,
  change: { readonly meta: RecordMeta | null; readonly events: readonly RecordEvent[] },
  /** The record's state as the change left it, or the group's (a saved group of recipients). */
  state: RecordState | SavedGroup,
  at: number,
): Promise<void> {
  const { meta, events } = change;
  const update = meta ? newRecordUpdate(doc, meta, events) : appendUpdate(doc, events);
  await db.updates.add({ recordId, update });
  await db.outbox.add({ recordId, update, at });
  if ('holder' in state) await putRecordRows(db, state);
  else await db.groups.put(state);
}

/** The update creating a record, applied to `doc` too. */
function newRecordUpdate(doc: Y.Doc, meta: RecordMeta, events: readonly RecordEvent[]): Uint8Array {
  const fresh = createRecordDoc(meta, events);
  const update = Y.encodeStateAsUpdate(fresh);
  fresh.destroy();
  Y.applyUpdate(doc, update);
  return update;
}

/** Appends `events` to `doc` and returns exactly the update that did it. */
function appendUpdate(doc: Y.Doc, events: readonly RecordEvent[]): Uint8Array {
  const before = Y.encodeStateVector(doc);
  appendEvents(doc, events);
  return Y.encodeStateAsUpdate(doc, before);
}
