import type { RecordId } from '@domain/ids.ts';
import {
  SEARCH_VERSION,
  keysMatch,
  queryTerms,
  searchRowOf,
  type QueryTerm,
} from '@domain/search-words.ts';
import type { PatravaliDb, RecordSummary } from './db.ts';
import { recordLog, stateOfRows } from './record-store.ts';

/**
 * The device's search: the `search` table holds each record's folded words
 * (@domain/search-words.ts), multi-entry indexed by `keys`, written with its
 * `records` row (record-store.ts). A query looks each of its words up in that
 * index (a range of keys, so a word being typed finds the words it starts)
 * and keeps the records every word found.
 */

/** Rows rebuilt per transaction (bounds the updates in memory at once). */
const REBUILD_BATCH = 200;

/**
 * Writes the search row of every record that has none of this SEARCH_VERSION
 * (a store from before the index, or an older build's folding); returns how
 * many. Index reads only when every row is current, as on every start but the
 * first after an upgrade.
 */
export async function rebuildSearchIndex(db: PatravaliDb): Promise<number> {
  const current = db.search.where('version').equals(SEARCH_VERSION);
  if ((await current.count()) === (await db.records.count())) return 0;
  const fresh = new Set(await current.primaryKeys());
  const stale = (await db.records.toCollection().primaryKeys()).filter((id) => !fresh.has(id));
  for (let i = 0; i < stale.length; i += REBUILD_BATCH) {
    await db.transaction('rw', [db.updates, db.logEntries, db.search], async () => {
      for (const id of stale.slice(i, i + REBUILD_BATCH)) {
        const rows = await db.updates.where('recordId').equals(id).toArray();
        const state = stateOfRows(rows, 0, await recordLog(db, id));
        if (state !== null) await db.search.put(searchRowOf(state));
      }
    });
  }
  return stale.length;
}

/** A query word's records, or `broad` when it has more index entries than a lookup reads. */
type Lookup = { readonly broad: false; readonly ids: Set<RecordId> } | { readonly broad: true };

/**
 * Index entries a word may have and still be looked up whole. A broader word
 * ("2026", the office's prefix, a common word's first three letters) is
 * checked on the newest records' rows instead: reading tens of thousands of
 * index entries would take most of a keystroke's budget at 10,000 records.
 */
const NARROW_ENTRIES = 2000;

/** Records matching one query word (any of its keys), unless it is broad. */
async function lookUp(db: PatravaliDb, term: QueryTerm, narrow: number): Promise<Lookup> {
  const ids = new Set<RecordId>();
  for (const { key, prefix } of term) {
    const where = db.search.where('keys');
    const range = prefix ? where.startsWith(key) : where.equals(key);
    const found = await range.limit(narrow + 1).primaryKeys();
    if (found.length > narrow) return { broad: true };
    for (const id of found) ids.add(id);
  }
  return { broad: false, ids };
}

/** Up to this many candidates, their rows are read and sorted rather than walked in order. */
const READ_ALL_BELOW = 300;
/** Search rows read at a time while walking the newest records for broad words. */
const WALK_BATCH = 200;

/**
 * Records matching every word of `text`, in any order, latest activity first;
 * at most `limit`. Words are folded as the index is (Hindi spelling variants,
 * Roman finds Devanagari: @domain/search-words.ts). Narrow words are looked up
 * in the index and their records intersected; broad words are checked on the
 * search rows of the newest candidates until `limit` match (`narrow`: the
 * entries a word may have and be looked up, NARROW_ENTRIES but in tests).
 */
export async function searchRecords(
  db: PatravaliDb,
  text: string,
  limit = 50,
  narrow = NARROW_ENTRIES,
): Promise<RecordSummary[]> {
  const terms = queryTerms(text);
  if (terms.length === 0) return [];
  let candidates: Set<RecordId> | null = null;
  const broad: QueryTerm[] = [];
  for (const term of terms) {
    const found = await lookUp(db, term, narrow);
    if (found.broad) broad.push(term);
    else candidates = candidates === null ? found.ids : intersect(candidates, found.ids);
    if (candidates?.size === 0) return [];
  }
  if (broad.length === 0 && candidates !== null && candidates.size <= READ_ALL_BELOW) {
    const rows = await db.records.bulkGet([...candidates]);
    return rows
      .filter((r) => r !== undefined)
      .sort((a, b) => b.lastActivity - a.lastActivity)
      .slice(0, limit);
  }
  const newest = await db.records.orderBy('lastActivity').reverse().primaryKeys();
  const within = candidates;
  const walk = within === null ? newest : newest.filter((id) => within.has(id));
  const ids =
    broad.length === 0 ? walk.slice(0, limit) : await matchingBroad(db, walk, broad, limit);
  return (await db.records.bulkGet(ids)).filter((r) => r !== undefined);
}

/** The first `limit` of `ids` (in order) whose search rows match every broad word. */
async function matchingBroad(
  db: PatravaliDb,
  ids: readonly RecordId[],
  broad: readonly QueryTerm[],
  limit: number,
): Promise<RecordId[]> {
  const out: RecordId[] = [];
  for (let i = 0; i < ids.length && out.length < limit; i += WALK_BATCH) {
    for (const row of await db.search.bulkGet(ids.slice(i, i + WALK_BATCH))) {
      if (row !== undefined && keysMatch(row.keys, broad)) out.push(row.id);
    }
  }
  return out.slice(0, limit);
}

function intersect<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): Set<T> {
  return new Set([...a].filter((x) => b.has(x)));
}
