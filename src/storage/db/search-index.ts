import type { RecordId } from '@domain/ids.ts';
import { keyTextMatches, queryTerms, type QueryTerm } from '@domain/search-words.ts';
import type { PatravaliDb, RecordSummary } from './db.ts';
import { newestRecords } from './newest-records.ts';
import { headOfPart } from './search-layout.ts';

/**
 * The device's search over its index (search-layout.ts: each record's folded
 * words, @domain/search-words.ts, multi-entry indexed under a small number of
 * the record's, written with its `records` row by search-rows.ts). A query
 * looks each of its words up in that index (a range of keys, so a word being
 * typed finds the words it starts) and keeps the records every word found.
 * search-rebuild.ts builds the index from records' updates; reading it needs
 * no Yjs document code, so the app shell can search without loading that.
 */

/** A query word's records (their head numbers), or `broad` when it has more index entries than a lookup reads. */
type Lookup = { readonly broad: false; readonly heads: Set<number> } | { readonly broad: true };

/**
 * Index entries a word may have and still be looked up whole. A broader word
 * ("2026", the office's prefix, a common word's first three letters) is
 * checked on the newest records' key texts instead: reading thousands of
 * index entries would take most of a keystroke's budget at 10,000 records.
 */
const NARROW_ENTRIES = 3000;

/** Records matching one query word (any of its keys), unless it is broad. */
async function lookUp(db: PatravaliDb, term: QueryTerm, narrow: number): Promise<Lookup> {
  const heads = new Set<number>();
  for (const { key, prefix } of term) {
    const where = db.searchParts.where('keys');
    const range = prefix ? where.startsWith(key) : where.equals(key);
    const found = await range.limit(narrow + 1).primaryKeys();
    if (found.length > narrow) return { broad: true };
    for (const part of found) heads.add(headOfPart(part));
  }
  return { broad: false, heads };
}

/** Up to this many candidates, their recent rows are read and sorted rather than walked in order. */
const READ_ALL_BELOW = 300;

/**
 * Records matching every word of `text`, in any order, latest activity first;
 * at most `limit`. Words are folded as the index is (Hindi spelling variants,
 * Roman finds Devanagari: @domain/search-words.ts). Narrow words are looked up
 * in the index and their records intersected; broad words are checked on the
 * key texts of the candidates, or of the newest records until `limit` match
 * (`narrow`: the entries a word may have and be looked up, NARROW_ENTRIES but
 * in tests).
 */
export async function searchRecords(
  db: PatravaliDb,
  text: string,
  limit = 50,
  narrow = NARROW_ENTRIES,
): Promise<RecordSummary[]> {
  const terms = queryTerms(text);
  if (terms.length === 0) return [];
  let candidates: Set<number> | null = null;
  const broad: QueryTerm[] = [];
  for (const term of terms) {
    const found = await lookUp(db, term, narrow);
    if (found.broad) broad.push(term);
    else candidates = candidates === null ? found.heads : intersect(candidates, found.heads);
    if (candidates?.size === 0) return [];
  }
  const ids =
    candidates !== null && candidates.size <= READ_ALL_BELOW
      ? await newestOf(db, candidates, broad, limit)
      : await newestMatching(db, candidates, broad, limit);
  return (await db.records.bulkGet(ids)).filter((r) => r !== undefined);
}

/** The newest `limit` of a few records (by number) that match every broad word. */
async function newestOf(
  db: PatravaliDb,
  numbers: ReadonlySet<number>,
  broad: readonly QueryTerm[],
  limit: number,
): Promise<RecordId[]> {
  const recent = (await db.searchRecent.bulkGet([...numbers])).filter((r) => r !== undefined);
  const newest = recent.sort((a, b) => b.at - a.at || b.n - a.n).map((r) => r.id);
  if (broad.length === 0) return newest.slice(0, limit);
  return (await matching(db, newest, broad)).slice(0, limit);
}

/**
 * The newest `limit` records (of `among`, if given) whose key texts match
 * every broad word, walking the newest records a batch at a time.
 */
async function newestMatching(
  db: PatravaliDb,
  among: ReadonlySet<number> | null,
  broad: readonly QueryTerm[],
  limit: number,
): Promise<RecordId[]> {
  const out: RecordId[] = [];
  for await (const batch of newestRecords(db)) {
    const ids = batch.filter((r) => among === null || among.has(r.n)).map((r) => r.id);
    // A broad word is in most records: check about as many as are still wanted, then more.
    for (let i = 0, size = limit; i < ids.length && out.length < limit; i += size, size *= 2) {
      const some = ids.slice(i, i + size);
      out.push(...(broad.length === 0 ? some : await matching(db, some, broad)));
    }
    if (out.length >= limit) break;
  }
  return out.slice(0, limit);
}

/** Those of `ids` (in order) whose key texts match every broad word. */
async function matching(
  db: PatravaliDb,
  ids: readonly RecordId[],
  broad: readonly QueryTerm[],
): Promise<RecordId[]> {
  return (await db.searchHeads.bulkGet([...ids])).flatMap((h) =>
    h !== undefined && keyTextMatches(h.words, broad) ? [h.id] : [],
  );
}

function intersect<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): Set<T> {
  return new Set([...a].filter((x) => b.has(x)));
}
