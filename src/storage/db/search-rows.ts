import type { RecordId } from '@domain/ids.ts';
import type { RecordState } from '@domain/record.ts';
import {
  SEARCH_VERSION,
  keyText,
  keysOfText,
  searchKeys,
  searchedTextOf,
} from '@domain/search-words.ts';
import type { PatravaliDb } from './db.ts';
import { PART_SPAN, freshRows } from './search-layout.ts';

/**
 * Writing a record's search index rows (layout: search-layout.ts). A change
 * that leaves the record's words and latest activity alone (a park, a copy
 * seen) writes only its small `searchRecent` row; a new noting at the same
 * time adds one row with only the words the record did not have; a change
 * that moves its latest activity (a send, a noting) writes its keys again
 * under the new time, as one row. Call inside a transaction covering
 * searchTables.
 */

/** The tables a write of search rows touches. */
export function searchTables(db: PatravaliDb) {
  return [db.searchHeads, db.searchRecent, db.searchWords];
}

/** Indexes `state`'s words, the record's latest activity being `at` (see the header). */
export function putSearchRows(db: PatravaliDb, state: RecordState, at: number): Promise<void> {
  return putSearchKeys(db, state.meta.id, at, searchKeys(searchedTextOf(state)));
}

/**
 * Makes `keys` (each once) the record's index keys, writing only what changed.
 * Its helpers return Dexie's promises, never a native async function's: in the
 * database's ready phase (search-index.ts rebuilds there) awaiting one of those
 * inside a transaction ends it with PrematureCommitError.
 */
export async function putSearchKeys(
  db: PatravaliDb,
  id: RecordId,
  at: number,
  keys: readonly string[],
): Promise<void> {
  const head = await db.searchHeads.get(id);
  const n = head?.n ?? (await nextNumber(db));
  const before = head === undefined ? undefined : await db.searchRecent.get(n);
  await db.searchRecent.put({ n, id, at });
  if (head === undefined) {
    await writeWhole(db, id, n, at, keys);
    return;
  }
  const stored = keysOfText(head.words);
  const had = new Set(stored);
  const added = keys.filter((k) => !had.has(k));
  // Keys are distinct: every stored key is still there exactly when the counts add up.
  const removed = stored.length + added.length !== keys.length;
  // Its rows are under its latest activity: moved with it, as one row.
  const moved = before?.at !== at;
  if (head.version !== SEARCH_VERSION || removed || moved || head.parts >= PART_SPAN) {
    await deleteParts(db, head.n);
    await writeWhole(db, id, head.n, at, keys);
    return;
  }
  if (added.length === 0) return;
  await db.searchWords.add({ at, p: head.n * PART_SPAN + head.parts, keys: added });
  await db.searchHeads.put({ ...head, parts: head.parts + 1, words: keyText(keys) });
}

/** Deletes the record's search rows. */
export async function deleteSearchRows(db: PatravaliDb, id: RecordId): Promise<void> {
  const head = await db.searchHeads.get(id);
  if (head === undefined) return;
  await deleteParts(db, head.n);
  await db.searchRecent.delete(head.n);
  await db.searchHeads.delete(id);
}

/** Empties the index (the records go too). */
export async function clearSearchRows(db: PatravaliDb): Promise<void> {
  await db.searchHeads.clear();
  await db.searchRecent.clear();
  await db.searchWords.clear();
}

function writeWhole(
  db: PatravaliDb,
  id: RecordId,
  n: number,
  at: number,
  keys: readonly string[],
): PromiseLike<unknown> {
  const { head, part } = freshRows(id, n, at, keys);
  return db.searchHeads.put(head).then(() => db.searchWords.put(part));
}

function deleteParts(db: PatravaliDb, n: number): PromiseLike<number> {
  const first = n * PART_SPAN;
  return db.searchWords
    .where('p')
    .between(first, first + PART_SPAN)
    .delete();
}

/** A number no record's head has (one past the highest; a deleted highest one may come back). */
function nextNumber(db: PatravaliDb): PromiseLike<number> {
  return db.searchRecent
    .toCollection()
    .lastKey()
    .then((last) => (typeof last === 'number' ? last : 0) + 1);
}
