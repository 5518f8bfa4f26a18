import type { RecordId } from '@domain/ids.ts';
import { SEARCH_VERSION, queryTerms, searchRowOf, type QueryTerm } from '@domain/search-words.ts';
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

/** Records matching one query word (any of its keys). */
async function idsMatching(db: PatravaliDb, term: QueryTerm): Promise<Set<RecordId>> {
  const ids = new Set<RecordId>();
  for (const { key, prefix } of term) {
    const where = db.search.where('keys');
    const found = await (prefix ? where.startsWith(key) : where.equals(key)).primaryKeys();
    for (const id of found) ids.add(id);
  }
  return ids;
}

/**
 * Above this many candidates, the newest are found by walking the
 * `lastActivity` index's keys instead of reading every candidate's row.
 */
const READ_ALL_BELOW = 300;

/**
 * Records matching every word of `text`, in any order, latest activity first;
 * at most `limit`. Words are folded as the index is (Hindi spelling variants,
 * Roman finds Devanagari: @domain/search-words.ts).
 */
export async function searchRecords(
  db: PatravaliDb,
  text: string,
  limit = 50,
): Promise<RecordSummary[]> {
  const terms = queryTerms(text);
  const [first, ...rest] = terms;
  if (first === undefined) return [];
  let found = await idsMatching(db, first);
  for (const term of rest) {
    if (found.size === 0) return [];
    const ids = await idsMatching(db, term);
    found = new Set([...found].filter((id) => ids.has(id)));
  }
  let ids: RecordId[] = [...found];
  if (ids.length > READ_ALL_BELOW) {
    const newest = await db.records.orderBy('lastActivity').reverse().primaryKeys();
    ids = newest.filter((id) => found.has(id)).slice(0, limit);
  }
  const rows = (await db.records.bulkGet(ids)).filter((r) => r !== undefined);
  return rows.sort((a, b) => b.lastActivity - a.lastActivity).slice(0, limit);
}
