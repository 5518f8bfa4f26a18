import { isRestricted, mayRead } from '@domain/grades.ts';
import type { PersonId, RecordId } from '@domain/ids.ts';
import type { PatravaliDb, RecordSummary } from './db.ts';

/**
 * Queries of linked files (`Link file`, @domain/file-links.ts) over the
 * projection: the files on this tablet that link to a file (the other side of
 * each link), and the files one may link to.
 */

/** Files on this tablet that link to `fileId` and `viewer` may read, by number. */
export async function filesLinkingQuery(
  db: PatravaliDb,
  fileId: RecordId,
  viewer: PersonId,
): Promise<RecordSummary[]> {
  const rows = await db.records.where('links').equals(fileId).toArray();
  return rows.filter((r) => mayRead(r, viewer)).sort((a, b) => a.number.localeCompare(b.number));
}

/**
 * The files `viewer` could link to `fileId`: the files on this tablet other
 * than it that are not confidential or secret (a link names its file's
 * subject to the linking file's readers), latest activity first.
 */
export async function linkableFilesQuery(
  db: PatravaliDb,
  fileId: RecordId,
  viewer: PersonId,
): Promise<RecordSummary[]> {
  // One getAll, filtered here: a Dexie filter walks a cursor, one IndexedDB
  // request per file (thousands on a tehsildar's tablet). In a transaction of
  // its own: under liveQuery, Dexie's cache would keep every row and hand out
  // a deep copy of all of them at each run.
  const files = await db.transaction('r', db.records, () =>
    db.records.where('kind').equals('file').toArray(),
  );
  return files
    .filter((r) => r.id !== fileId && !isRestricted(r.grade) && mayRead(r, viewer))
    .sort((a, b) => b.lastActivity - a.lastActivity);
}

/**
 * Of the files `ids` (a file's links), those on this tablet that `viewer` holds
 * and that are not closed: from the linking file's page they may remove the
 * link to such a file (a link is removed by a holder of either file).
 */
export async function heldFilesQuery(
  db: PatravaliDb,
  ids: readonly RecordId[],
  viewer: PersonId,
): Promise<RecordId[]> {
  const rows = await db.records.bulkGet([...ids]);
  return rows
    .filter((r) => r !== undefined && r.holder === viewer && r.status !== 'closed')
    .map((r) => r!.id);
}
