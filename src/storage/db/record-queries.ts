import { readEvents } from '@doc/record-doc.ts';
import { mayRead } from '@domain/grades.ts';
import type { OfficeId, PersonId, RecordId } from '@domain/ids.ts';
import type { RecordState } from '@domain/record.ts';
import { logOf } from '@domain/record-log.ts';
import type { LogEntryRow, PatravaliDb, UpdateRow } from './db.ts';
import { loadRecordDoc, recordLog, stateOfRows } from './record-store.ts';

/**
 * Read-only queries that fold records from their `updates` (Yjs documents):
 * apart from queries.ts, whose projection queries the app shell needs, so that
 * the document code is loaded only when a page reads a record's state
 * (services.ts loads this module on first use). Plain async functions for
 * useLiveQuery, as in queries.ts.
 */

/** The folded state of one record (null if unknown on this device). */
export async function recordStateQuery(
  db: PatravaliDb,
  id: RecordId,
  now: number,
): Promise<RecordState | null> {
  const rows = await db.updates.where('recordId').equals(id).toArray();
  return stateOfRows(rows, now, await recordLog(db, id));
}

/**
 * The folded states of many records (unknown ids are left out), for views
 * that fold a whole office. Updates are read for `batch` ids per request: at
 * 10,000 records one request per record was most of the pendency page's time
 * in Chromium, while a batch bounds how many updates are in memory at once.
 */
export async function recordStatesQuery(
  db: PatravaliDb,
  ids: readonly RecordId[],
  now: number,
  batch = 500,
): Promise<RecordState[]> {
  const states: RecordState[] = [];
  for (let i = 0; i < ids.length; i += batch) {
    const some = ids.slice(i, i + batch);
    const rows = await db.updates.where('recordId').anyOf(some).toArray();
    const byRecord = groupByRecord(rows);
    const entries = await db.logEntries.where('recordId').anyOf(some).toArray();
    const logs = new Map<RecordId, LogEntryRow[]>();
    for (const e of entries) logs.set(e.recordId, [...(logs.get(e.recordId) ?? []), e]);
    for (const id of some) {
      const state = stateOfRows(byRecord.get(id) ?? [], now, logOf(logs.get(id) ?? []));
      if (state !== null) states.push(state);
    }
  }
  return states;
}

function groupByRecord(rows: readonly UpdateRow[]): Map<RecordId, UpdateRow[]> {
  const groups = new Map<RecordId, UpdateRow[]>();
  for (const row of rows) {
    const own = groups.get(row.recordId);
    if (own) own.push(row);
    else groups.set(row.recordId, [row]);
  }
  return groups;
}

/**
 * The receipts of `office` diarised on or after `since`, each as the
 * `key(from, letterNumber)` of its diarised event (read from the record's events,
 * so a letter diarised on another tablet counts once it has synced).
 */
export async function diarisedLetterKeys(
  db: PatravaliDb,
  office: OfficeId,
  since: number,
  key: (from: string, letterNumber: string) => string,
): Promise<ReadonlySet<string>> {
  const receipts = await db.records
    .where('kind')
    .equals('receipt')
    .filter((r) => r.office === office && r.lastActivity >= since)
    .toArray();
  const keys = new Set<string>();
  for (const r of receipts) {
    const doc = await loadRecordDoc(db, r.id);
    for (const e of readEvents(doc))
      if (e.type === 'diarised') keys.add(key(e.from, e.letterNumber));
    doc.destroy();
  }
  return keys;
}

/** Every file of the office on this device that `viewer` may read, open or closed, folded (the dispatch register's source). */
export async function officeFileStatesQuery(
  db: PatravaliDb,
  officeId: OfficeId,
  now: number,
  viewer: PersonId,
): Promise<RecordState[]> {
  const ids = await db.records
    .where('office')
    .equals(officeId)
    .filter((r) => r.kind === 'file' && mayRead(r, viewer))
    .primaryKeys();
  return recordStatesQuery(db, ids as RecordId[], now);
}
