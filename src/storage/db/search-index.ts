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
 * (a common subject word such as सीमांकन in a fifth of an office's records, a
 * Roman prefix's skeleton such as `~sim`, "2026", the office's prefix) is
 * checked on the newest records' key texts instead, which reads about
 * limit / (its share of records) key texts: at 10,000 records in Chromium,
 * reading a word's 2,000-2,500 index entries took longer than finding its 50
 * newest records that way, and 1,000 entries about as long (docs/BENCHMARKS.md,
 * "Search per keystroke: where the time went").
 */
const NARROW_ENTRIES = 1000;

/** Records matching one query word (any of its keys), unless it is broad. */
async function lookUp(db: PatravaliDb, term: QueryTerm, narrow: number): Promise<Lookup> {
  const heads = new Set<number>();
  for (const { key, prefix } of term) {
    const where = db.searchParts.where('keys');
    const range = prefix ? where.startsWith(key) : where.equals(key);
    const found = await (narrow === Infinity ? range : range.limit(narrow + 1)).primaryKeys();
    if (found.length > narrow) return { broad: true };
    for (const part of found) heads.add(headOfPart(part));
  }
  return { broad: false, heads };
}

/** Up to this many candidates, their recent rows are read and sorted rather than walked in order. */
const READ_ALL_BELOW = 300;

/**
 * The least share of the newest records' key texts that must match the broad
 * words for the walk to go on: below it, the walk would read more key texts
 * (limit / share) than looking the broad words up whole costs, so they are
 * looked up instead. At 10,000 records in Chromium a word in a quarter of the
 * records was found faster by the walk, one in a tenth by the lookup.
 */
const WALK_SHARE_MIN = 0.18;

/**
 * Records matching every word of `text`, in any order, latest activity first;
 * at most `limit`. Words are folded as the index is (Hindi spelling variants,
 * Roman finds Devanagari: @domain/search-words.ts). Narrow words are looked up
 * in the index and their records intersected; broad words are checked on the
 * key texts of the candidates, or of the newest records until `limit` match,
 * unless too few of those match (WALK_SHARE_MIN): then they are looked up too
 * (`narrow`: the entries a word may have and be looked up at first,
 * NARROW_ENTRIES but in tests).
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
  let ids =
    candidates !== null && candidates.size <= READ_ALL_BELOW
      ? await newestOf(db, candidates, broad, limit)
      : await newestMatching(db, candidates, broad, limit, broad.length > 0 ? WALK_SHARE_MIN : 0);
  if (ids === null) {
    // Few of the newest records match the broad words: look them up whole.
    for (const term of broad) {
      const found = await lookUp(db, term, Infinity);
      if (found.broad) continue; // never, without a bound
      candidates = candidates === null ? found.heads : intersect(candidates, found.heads);
    }
    const all = candidates ?? new Set<number>();
    ids =
      all.size <= READ_ALL_BELOW
        ? await newestOf(db, all, [], limit)
        : ((await newestMatching(db, all, [], limit, 0)) ?? []);
  }
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
 * every broad word, walking the newest records a batch at a time; null when
 * fewer than `share` of the first key texts checked match (see WALK_SHARE_MIN).
 */
async function newestMatching(
  db: PatravaliDb,
  among: ReadonlySet<number> | null,
  broad: readonly QueryTerm[],
  limit: number,
  share: number,
): Promise<RecordId[] | null> {
  const out: RecordId[] = [];
  let checked = 0;
  for await (const batch of newestRecords(db)) {
    const ids = batch.filter((r) => among === null || among.has(r.n)).map((r) => r.id);
    if (broad.length === 0) out.push(...ids);
    for (let i = 0; broad.length > 0 && i < ids.length && out.length < limit;) {
      const size = nextCheck(limit - out.length, checked, out.length);
      const some = ids.slice(i, i + size);
      out.push(...(await matching(db, some, broad)));
      // Decided once, on the first key texts: the walk's own estimate of its length.
      if (checked === 0 && some.length === size && out.length < share * size) return null;
      checked += some.length;
      i += some.length;
    }
    if (out.length >= limit) break;
  }
  return out.slice(0, limit);
}

/** Key texts checked at most at once, and at least once some matched. */
const CHECK_MAX = 400;
const CHECK_MIN = 10;

/**
 * How many more key texts to read for `wanted` more matches, `found` of the
 * `checked` so far having matched: as many as the share so far says (a tenth
 * more), so a walk reads few more than it needs; `wanted` at first, and twice
 * what was checked while nothing matched.
 */
function nextCheck(wanted: number, checked: number, found: number): number {
  if (checked === 0) return wanted;
  if (found === 0) return Math.min(CHECK_MAX, checked * 2);
  const share = found / checked;
  return Math.min(CHECK_MAX, Math.max(CHECK_MIN, Math.ceil((wanted / share) * 1.1)));
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
