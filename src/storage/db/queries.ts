import { Dexie } from 'dexie';
import { mayRead } from '@domain/grades.ts';
import type { OfficeId, PersonId, RecordId } from '@domain/ids.ts';
import { KV_KEYS, readKv, type PatravaliDb, type RecordSummary } from './db.ts';

/**
 * Read-only queries over the `records` projection (a record's folded state,
 * read from its `updates`, is in record-queries.ts: it needs the Yjs document
 * code, which stays out of the app shell). Plain async functions: the UI wraps them in
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
 * How many events this tablet holds that its office relay has not yet passed on to
 * the district (the relay served them at its own positions; decision 0010, amendment 4).
 */
export function waitingAtRelay(db: PatravaliDb): Promise<number> {
  return db.logEntries.where('atRelay').equals(1).count();
}

/**
 * How many events the office relay said the district had that the district's own signed
 * proofs, checked later, do not show (decision 0020; storage/sync/relay-claims.ts).
 */
export function refutedRelayClaims(db: PatravaliDb): Promise<number> {
  return db.logEntries.where('claimed').equals(2).count();
}

/**
 * How many of this tablet's changes an office relay acknowledged without entering their
 * events in its log, that the district's proofs have not shown since (decision 0020,
 * amendment 2; relay-claims.ts keepRelayAcked).
 */
export function droppedAtRelay(db: PatravaliDb): Promise<number> {
  return db.relayAcked.filter((r) => r.unlogged === 1).count();
}

/**
 * How many files on this tablet an office relay served in another order than the
 * district's own log (decision 0020, amendment 3); records no longer here are not counted.
 */
export async function disorderedAtRelay(db: PatravaliDb): Promise<number> {
  const ids = (await readKv<string[]>(db, KV_KEYS.relayDisordered)) ?? [];
  if (ids.length === 0) return 0;
  const held = await db.records.bulkGet(ids as RecordId[]);
  return held.filter((r) => r !== undefined).length;
}

/**
 * How many of this tablet's changes an office relay took before `before` that the
 * district's proofs have not shown since (`relayAcked`, decision 0020).
 */
export function keptAtRelaySince(db: PatravaliDb, before: number): Promise<number> {
  return db.relayAcked.filter((r) => r.at < before).count();
}
