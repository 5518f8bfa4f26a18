import { Dexie } from 'dexie';
import { readEvents } from '@doc/record-doc.ts';
import { mayRead } from '@domain/grades.ts';
import type { OfficeId, PersonId, RecordId } from '@domain/ids.ts';
import type { RecordState } from '@domain/record.ts';
import { logOf } from '@domain/record-log.ts';
import type { LogEntryRow, PatravaliDb, RecordSummary, UpdateRow } from './db.ts';
import { loadRecordDoc, recordLog, stateOfRows } from './record-store.ts';

/**
 * Read-only queries over the `records` projection (and, for one record's full
 * state, its `updates`). Plain async functions: the UI wraps them in
 * dexie-react-hooks' useLiveQuery, which re-runs them when the tables change.
 *
 * A shared tablet holds the records of everyone who syncs on it, confidential
 * ones included; the lists of an office leave out what `viewer` may not read
 * (@domain/grades.ts mayRead), as the server does for their own devices. The
 * inbox and sent lists need no such check: their records have the viewer as a
 * participant, so on the access list.
 */

/** Still needs someone's attention: not closed, and not a receipt already put in a file. */
const isPending = (r: RecordSummary): boolean => r.status !== 'closed' && r.inFile === null;

/** Records held by me, oldest waiting first. */
export async function inboxQuery(db: PatravaliDb, personId: PersonId): Promise<RecordSummary[]> {
  const rows = await db.records
    .where('[holder+holderSince]')
    .between([personId, Dexie.minKey], [personId, Dexie.maxKey])
    .toArray();
  return rows.filter(isPending);
}

/** Records I have held or sent that are now pending with someone else, oldest waiting first. */
export async function sentPendingQuery(
  db: PatravaliDb,
  personId: PersonId,
): Promise<RecordSummary[]> {
  const rows = await db.records.where('participants').equals(personId).toArray();
  return rows
    .filter((r) => r.holder !== personId && isPending(r))
    .sort((a, b) => a.holderSince - b.holderSince);
}

/**
 * Files sent to me for information (`Copy to`) that I have not marked seen,
 * longest waiting first. Pending with their holder, not with me: they are
 * listed apart from my inbox and count in no pendency of mine.
 */
export async function copiesForMeQuery(
  db: PatravaliDb,
  personId: PersonId,
): Promise<RecordSummary[]> {
  const rows = await db.records.where('copiesUnseen').equals(personId).toArray();
  return rows.sort((a, b) => a.lastActivity - b.lastActivity);
}

/** Records where work of mine did not take effect and still waits for me to answer it. */
export async function myOpenConflictsQuery(
  db: PatravaliDb,
  personId: PersonId,
): Promise<RecordSummary[]> {
  const rows = await db.records.where('openConflictAuthors').equals(personId).toArray();
  return rows.sort((a, b) => b.lastActivity - a.lastActivity);
}

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

/** Files of an office that are not closed, latest activity first (for "put in existing file"). */
export async function listFiles(
  db: PatravaliDb,
  officeId: OfficeId,
  viewer: PersonId,
): Promise<RecordSummary[]> {
  const rows = await db.records
    .where('office')
    .equals(officeId)
    .filter((r) => r.kind === 'file' && r.status !== 'closed' && mayRead(r, viewer))
    .toArray();
  return rows.sort((a, b) => b.lastActivity - a.lastActivity);
}

/** The office's closed files with a retention review date, earliest first (the record room's list). */
export async function listRetention(
  db: PatravaliDb,
  officeId: OfficeId,
  viewer: PersonId,
): Promise<RecordSummary[]> {
  const rows = await db.records
    .where('office')
    .equals(officeId)
    .filter(
      (r) =>
        r.kind === 'file' && r.status === 'closed' && r.retention !== null && mayRead(r, viewer),
    )
    .toArray();
  const reviewDate = (r: RecordSummary) => r.retention?.reviewDate ?? '';
  return rows.sort(
    (a, b) => reviewDate(a).localeCompare(reviewDate(b)) || a.number.localeCompare(b.number),
  );
}

/** Records with changes the server has not acknowledged yet (rows in `outbox`). */
export async function unsentRecordCount(db: PatravaliDb): Promise<number> {
  return (await db.outbox.orderBy('recordId').uniqueKeys()).length;
}

/** Which of `ids` this device holds (so the review can link to their pages). */
export async function recordsOnDevice(
  db: PatravaliDb,
  ids: readonly RecordId[],
): Promise<ReadonlySet<RecordId>> {
  const rows = await db.records.bulkGet([...ids]);
  return new Set(rows.flatMap((r) => (r === undefined ? [] : [r.id])));
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
