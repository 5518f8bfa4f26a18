import type { Collection } from 'dexie';
import type { RecordId } from '@domain/ids.ts';
import { keyTextMatches, queryTerms, type QueryTerm } from '@domain/search-words.ts';
import type { PatravaliDb, RecordSummary } from './db.ts';
import { newestRecords } from './newest-records.ts';
import { headOfPart, type SearchWordKey, type SearchWordRow } from './search-layout.ts';

/**
 * The device's search over its index (search-layout.ts: each record's folded
 * words, @domain/search-words.ts, multi-entry indexed under its latest
 * activity and a small number of the record's, written with its `records` row
 * by search-rows.ts). A query looks each of its words up in that index (a
 * range of keys, so a word being typed finds the words it starts) and keeps
 * the records every word found. search-rebuild.ts builds the index from
 * records' updates; reading it needs no Yjs document code, so the app shell
 * can search without loading that.
 *
 * How much of the index a word costs is what decides a keystroke's time at
 * 10,000 records (reading 2,000 entries of a common word took most of 50 ms),
 * so a word is taken one of these ways (lookUp):
 * - **few** entries (up to `few`): read whole, its records known exactly;
 * - **many** entries under a few distinct keys (`सीमांकन`, in a fifth of the
 *   records; `seem`, a dozen keys): each key's entries read backwards, which
 *   is newest first, a page at a time, merged, until `limit` records are sure;
 * - **common** (the office's code: a key of thousands of records that starts
 *   a key per file number): checked on the newest records' key texts, and
 *   taken another way only if `walk` of them do not give `limit`;
 * - **broad** (`2026`, two letters: many entries under many keys): read whole
 *   up to `narrow` entries, else checked on the newest records' key texts.
 */

/** How a word is taken (the defaults but in tests). */
export interface SearchTuning {
  /** Entries a key may have and be read whole at once. */
  readonly few: number;
  /** Distinct keys a prefix may have and be read newest first, key by key. */
  readonly distinct: number;
  /** Entries a word of many keys may have and still be read whole. */
  readonly narrow: number;
  /** Entries first read of each key taken newest first (then four times as many). */
  readonly page: number;
  /** Key texts checked on a word that looks common before it is looked up after all. */
  readonly walk: number;
}

export const SEARCH_TUNING: SearchTuning = {
  few: 200,
  distinct: 16,
  narrow: 1500,
  page: 64,
  walk: 150,
};

/** A key read newest first: what was read of its entries so far, and whether that is all. */
interface KeyEntries {
  readonly key: string;
  entries: readonly SearchWordKey[];
  done: boolean;
}

/** A word's records: known exactly, newest first from some keys (and a few more), or broad. */
type Lookup =
  | { readonly kind: 'exact'; readonly entries: SearchWordKey[] }
  | { readonly kind: 'newest'; readonly keys: KeyEntries[]; readonly few: SearchWordKey[] }
  | { readonly kind: 'broad' }
  | { readonly kind: 'common' };

/**
 * How one query word is taken (see the header). A word being typed is two parts: the
 * word itself as a key (the office's code, a word typed whole: often in thousands of
 * records), read backwards a page; and the longer keys it starts, read whole when few,
 * key by key when they are few keys, whole again up to `narrow`, else the word is broad.
 */
async function lookUp(
  db: PatravaliDb,
  term: QueryTerm,
  tuning: SearchTuning,
  guess: boolean,
): Promise<Lookup> {
  const few: SearchWordKey[] = [];
  const keys: KeyEntries[] = [];
  for (const { key, prefix } of term) {
    const own = await db.searchWords
      .where('keys')
      .equals(key)
      .reverse()
      .limit(tuning.page)
      .primaryKeys();
    if (own.length < tuning.page) few.push(...own);
    else keys.push({ key, entries: own, done: false });
    if (!prefix) continue;
    // A new collection per read: Dexie's limit() narrows the collection it is called on.
    const longer = () => db.searchWords.where('keys').between(key, key + '\uffff', false, true);
    const found = await longer()
      .limit(tuning.few + 1)
      .primaryKeys();
    if (found.length <= tuning.few) {
      few.push(...found);
      continue;
    }
    const many = await manyKeys(found, longer, tuning);
    // The word is a key of a page of records and starts many more (the office's code, whose
    // file numbers are keys): likely in most records, whose key texts will show it sooner
    // than reading its many keys' entries would.
    if (many && guess && keys.some((k) => k.key === key)) return { kind: 'common' };
    const distinct = many ? null : await distinctKeys(db, key, tuning.distinct + 1);
    if (distinct !== null && distinct.length <= tuning.distinct) {
      keys.push(...distinct.map((k) => ({ key: k, entries: [], done: false })));
      continue;
    }
    const all = await longer()
      .limit(tuning.narrow + 1)
      .primaryKeys();
    if (all.length > tuning.narrow) return { kind: 'broad' };
    few.push(...all);
  }
  return keys.length === 0 ? { kind: 'exact', entries: few } : { kind: 'newest', keys, few };
}

/**
 * Whether the keys of a range are surely more than `tuning.distinct`, seen from the first
 * half of its first entries (`first`, at most half the range) and as many of its last: entries come key by key, each key's in order,
 * so each step back (forwards; forwards again, reading backwards) starts another key. Two
 * cheap reads, where finding the keys one by one (`distinctKeys`) is a request per key: the
 * office's code starts a key per file number.
 */
async function manyKeys(
  first: readonly SearchWordKey[],
  range: () => Collection<SearchWordRow, SearchWordKey>,
  tuning: SearchTuning,
): Promise<boolean> {
  // Half of the entries read from each end: the range has at least `first`, so an entry is
  // never counted twice (that could make few keys look many).
  const half = first.slice(0, Math.floor(first.length / 2));
  const last = await range().reverse().limit(half.length).primaryKeys();
  return steps(half, 1) + steps(last, -1) >= tuning.distinct;
}

/** How often an entry is older (`way` 1) or newer (-1) than the one before it. */
function steps(entries: readonly SearchWordKey[], way: 1 | -1): number {
  let n = 0;
  for (let i = 1; i < entries.length; i++) {
    const a = entries[i - 1];
    const b = entries[i];
    if (a === undefined || b === undefined) continue;
    const order = b[0] - a[0] || b[1] - a[1];
    if (order * way < 0) n++;
  }
  return n;
}

/** Up to `most` of the index's distinct keys longer than `prefix` that it starts, a small read each. */
async function distinctKeys(db: PatravaliDb, prefix: string, most: number): Promise<string[]> {
  const out: string[] = [];
  const end = prefix + '\uffff';
  let after = prefix;
  while (out.length < most) {
    const range = db.searchWords.where('keys').between(after, end, false, true);
    const found: unknown[] = await range.limit(1).keys();
    const key = found[0];
    if (typeof key !== 'string') break;
    out.push(key);
    after = key;
  }
  return out;
}

/**
 * Records matching every word of `text`, in any order, latest activity first;
 * at most `limit`. Words are folded as the index is (Hindi spelling variants,
 * Roman finds Devanagari: @domain/search-words.ts). The records of the words
 * known exactly are intersected and ordered by their entries' times;
 * otherwise the first word of many entries gives its records newest first,
 * or, when every word is broad, the newest records are walked. The other
 * words are checked on those records' key texts. One read transaction: a
 * transaction of its own per read costs more than the read.
 */
export async function searchRecords(
  db: PatravaliDb,
  text: string,
  limit = 50,
  tuning: SearchTuning = SEARCH_TUNING,
): Promise<RecordSummary[]> {
  const terms = queryTerms(text);
  if (terms.length === 0) return [];
  const tables = [db.searchWords, db.searchRecent, db.searchHeads, db.records];
  return db.transaction('r', tables, async () => {
    const ids = await newestIds(db, terms, limit, tuning);
    return (await db.records.bulkGet(ids)).filter((r) => r !== undefined);
  });
}

async function newestIds(
  db: PatravaliDb,
  terms: readonly QueryTerm[],
  limit: number,
  tuning: SearchTuning,
  guess = true,
): Promise<RecordId[]> {
  // Per record number an entry of it, for the words known exactly.
  let exact: Map<number, SearchWordKey> | null = null;
  let newest: { readonly keys: KeyEntries[]; readonly few: SearchWordKey[] } | null = null;
  // Words not known exactly, checked on key texts; and those but the one read newest first.
  const inexact: QueryTerm[] = [];
  const others: QueryTerm[] = [];
  for (const term of terms) {
    const found = await lookUp(db, term, tuning, guess);
    if (found.kind === 'exact') {
      const mine = new Map(
        found.entries.map((e): [number, SearchWordKey] => [headOfPart(e[1]), e]),
      );
      exact = exact === null ? mine : both(exact, mine);
      if (exact.size === 0) return [];
      continue;
    }
    inexact.push(term);
    if (found.kind === 'newest' && newest === null) newest = found;
    else others.push(term);
  }
  if (exact !== null) {
    const numbers = [...exact.values()].sort(newestFirst).map((e) => headOfPart(e[1]));
    return firstOfNumbers(db, numbers, inexact, limit);
  }
  if (newest !== null) return newestOfKeys(db, newest.keys, newest.few, others, limit, tuning);
  if (!guess) return (await newestMatching(db, others, limit, Infinity)) ?? [];
  // A word taken as common is checked on the newest records' key texts; if `walk` of them
  // do not give `limit`, it is looked up after all.
  return (
    (await newestMatching(db, others, limit, tuning.walk)) ??
    newestIds(db, terms, limit, tuning, false)
  );
}

/**
 * The newest `limit` records whose key texts match every broad word, walking
 * the newest records a batch at a time; null if `most` key texts did not give
 * `limit` and more records are left.
 */
async function newestMatching(
  db: PatravaliDb,
  broad: readonly QueryTerm[],
  limit: number,
  most: number,
): Promise<RecordId[] | null> {
  const out: RecordId[] = [];
  let checked = 0;
  for await (const batch of newestRecords(db)) {
    const ids = batch.slice(0, most - checked).map((r) => r.id);
    checked += ids.length;
    out.push(...(await firstMatching(db, ids, broad, limit - out.length)));
    if (out.length >= limit) break;
    if (ids.length < batch.length) return null;
  }
  return out.slice(0, limit);
}

/**
 * The newest `limit` records having any of `keys` (or being one of `few`'s)
 * and matching every word in `check`: each key's index entries read
 * backwards, newest first, `page` at a time and then four times as many,
 * merged. A record is sure of its place once it is no older than the oldest
 * entry read of every key not read to its end.
 */
async function newestOfKeys(
  db: PatravaliDb,
  lists: readonly KeyEntries[],
  few: readonly SearchWordKey[],
  check: readonly QueryTerm[],
  limit: number,
  tuning: SearchTuning,
): Promise<RecordId[]> {
  for (let size = tuning.page; ; size *= 4) {
    for (const list of lists) {
      if (list.done || list.entries.length >= size) continue;
      const read = await db.searchWords
        .where('keys')
        .equals(list.key)
        .reverse()
        .limit(size)
        .primaryKeys();
      list.entries = read;
      list.done = read.length < size;
    }
    let edge: SearchWordKey | undefined;
    for (const { entries, done } of lists) {
      const oldest = entries[entries.length - 1];
      if (!done && oldest !== undefined && (edge === undefined || newer(oldest, edge)))
        edge = oldest;
    }
    const merged = [...few, ...lists.flatMap((l) => l.entries)].sort(newestFirst);
    const numbers = new Set<number>();
    for (const entry of merged) {
      if (edge !== undefined && newer(edge, entry)) break;
      numbers.add(headOfPart(entry[1]));
    }
    const out = await firstOfNumbers(db, [...numbers], check, limit);
    if (out.length >= limit || edge === undefined) return out;
  }
}

/** Whether index entry `a` is of a newer record than `b` (later activity, or a higher number). */
function newer(a: SearchWordKey, b: SearchWordKey): boolean {
  return a[0] > b[0] || (a[0] === b[0] && headOfPart(a[1]) > headOfPart(b[1]));
}

/** Sorts index entries by their records, newest first. */
function newestFirst(a: SearchWordKey, b: SearchWordKey): number {
  return newer(a, b) ? -1 : newer(b, a) ? 1 : 0;
}

/**
 * The first `limit` of the records numbered `numbers` (in order) whose key texts
 * match every word in `check`: their recent rows (the records' ids) read about as
 * many as are still wanted at a time, then twice as many.
 */
async function firstOfNumbers(
  db: PatravaliDb,
  numbers: readonly number[],
  check: readonly QueryTerm[],
  limit: number,
): Promise<RecordId[]> {
  const out: RecordId[] = [];
  for (let i = 0, size = limit; i < numbers.length && out.length < limit; i += size, size *= 2) {
    const recent = await db.searchRecent.bulkGet(numbers.slice(i, i + size));
    const ids = recent.flatMap((r) => (r === undefined ? [] : [r.id]));
    out.push(...(await firstMatching(db, ids, check, limit - out.length)));
  }
  return out;
}

/**
 * The first `limit` of `ids` (in order) whose key texts match every word in
 * `check`, reading about as many key texts as are still wanted, then more.
 */
async function firstMatching(
  db: PatravaliDb,
  ids: readonly RecordId[],
  check: readonly QueryTerm[],
  limit: number,
): Promise<RecordId[]> {
  if (check.length === 0) return ids.slice(0, limit);
  const out: RecordId[] = [];
  for (let i = 0, size = limit; i < ids.length && out.length < limit; i += size, size *= 2) {
    const heads = await db.searchHeads.bulkGet(ids.slice(i, i + size));
    for (const h of heads) if (h !== undefined && keyTextMatches(h.words, check)) out.push(h.id);
  }
  return out.slice(0, limit);
}

/** The entries of `a` whose records `b` has too. */
function both<T>(a: ReadonlyMap<number, T>, b: ReadonlyMap<number, T>): Map<number, T> {
  const out = new Map<number, T>();
  for (const [n, e] of a) if (b.has(n)) out.set(n, e);
  return out;
}
