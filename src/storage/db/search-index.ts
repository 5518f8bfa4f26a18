import type { RecordId } from '@domain/ids.ts';
import { keyTextMatches, queryTerms, type KeyMatch, type QueryTerm } from '@domain/search-words.ts';
import type { PatravaliDb, RecordSummary } from './db.ts';
import { BATCH_MAX, newestRecords } from './newest-records.ts';
import { KV_KEYS } from './kv-keys.ts';
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

/**
 * What one key match (a key, or every key it starts) found in the index:
 * each of its keys' records (head numbers) when it has at most SPLIT_KEYS
 * keys, else only all its records (`byKey` null); `broad` when it has more
 * than `narrow` entries.
 */
type Found =
  | {
      readonly broad: false;
      readonly byKey: ReadonlyMap<string, number[]> | null;
      readonly heads: readonly number[];
    }
  | { readonly broad: true; readonly split: boolean };

/**
 * A prefix with at most this many distinct keys is read key by key, so that
 * the next keystroke, which only narrows it (`सीम` → `सीमा`), is answered from
 * what was read without reading the index again. Finding the keys costs a
 * request each; a number's prefix (`vkn/l`, a key per file) has too many.
 */
const SPLIT_KEYS = 16;

/**
 * The last searches' key matches of each open database, kept while its
 * index keys are unchanged: typing adds a letter, and the new word's keys are
 * among the old one's. Every write of index keys stores a new kv searchWrites
 * (search-rows.ts), which each search reads first: what was kept under
 * another is not used. Read through Dexie, so a live query (useRecordSearch)
 * runs again on such a write, as it does on a write in a range a search read.
 */
interface Kept {
  readonly writes: unknown;
  readonly narrow: number;
  readonly found: ReadonlyMap<string, Found>;
}
const kept = new WeakMap<PatravaliDb, Kept>();

/** Key matches kept from the last searches (a backspace and a letter typed again are found too). */
const KEEP_MATCHES = 8;
/** ...but never fewer than the last search's own matches, up to this many. */
const KEEP_MATCHES_MOST = 32;

/** The last `most` of `entries`, a later one of the same key replacing an earlier. */
function latest<K, V>(entries: readonly (readonly [K, V])[], most: number): Map<K, V> {
  const out = new Map<K, V>();
  for (const [k, v] of entries) {
    out.delete(k);
    out.set(k, v);
  }
  return new Map([...out].slice(-most));
}

const matchId = (m: KeyMatch): string => (m.prefix ? '*' : '=') + m.key;

/** What an earlier key match found that holds all of `m`'s (m narrows it), for `m`. */
function fromKept(m: KeyMatch, earlier: ReadonlyMap<string, Found>, narrow: number): Found | null {
  const same = earlier.get(matchId(m));
  if (same !== undefined) return same;
  for (const [id, found] of earlier) {
    if (found.broad || found.byKey === null) continue;
    const wider = id.startsWith('*') && m.key.startsWith(id.slice(1));
    if (!wider) continue;
    const byKey = new Map<string, number[]>();
    let entries = 0;
    for (const [key, heads] of found.byKey) {
      if (m.prefix ? key.startsWith(m.key) : key === m.key) {
        byKey.set(key, heads);
        entries += heads.length;
      }
    }
    if (entries > narrow) return { broad: true, split: true };
    return { broad: false, byKey, heads: [...byKey.values()].flat() };
  }
  return null;
}

/**
 * The distinct keys of a prefix match, at most `most` (null when it has more):
 * one read of the index's unique keys (a key cursor that skips a key's other
 * entries), in one transaction.
 */
async function keysOf(db: PatravaliDb, m: KeyMatch, most: number): Promise<string[] | null> {
  if (!m.prefix) return [m.key];
  const keys = await db.searchParts
    .where('keys')
    .startsWith(m.key)
    .limit(most + 1)
    .uniqueKeys();
  return keys.length > most ? null : keys.map(String);
}

/** The index range of a key match (a live query observes what it reads). */
function rangeOf(db: PatravaliDb, m: KeyMatch) {
  const where = db.searchParts.where('keys');
  return m.prefix ? where.startsWith(m.key) : where.equals(m.key);
}

/** Reads one key match's entries from the index, key by key when it has few keys. */
async function readMatch(
  db: PatravaliDb,
  m: KeyMatch,
  narrow: number,
  split: boolean,
): Promise<Found> {
  const keys = split ? await keysOf(db, m, SPLIT_KEYS) : null;
  if (keys === null) {
    const parts = await rangeOf(db, m)
      .limit(narrow + 1)
      .primaryKeys();
    if (parts.length > narrow) return { broad: true, split: false };
    return { broad: false, byKey: null, heads: parts.map(headOfPart) };
  }
  // One key after another, each read bounded by what the word may still have.
  const byKey = new Map<string, number[]>();
  let entries = 0;
  for (const key of keys) {
    const where = db.searchParts.where('keys').equals(key);
    const parts = await where.limit(narrow + 1 - entries).primaryKeys();
    entries += parts.length;
    if (entries > narrow) return { broad: true, split: true };
    byKey.set(key, parts.map(headOfPart));
  }
  return { broad: false, byKey, heads: [...byKey.values()].flat() };
}

/** Whether a wider match than `m` had too many keys to split: then so, most likely, has `m`. */
function tooManyKeys(m: KeyMatch, earlier: ReadonlyMap<string, Found>): boolean {
  for (const [id, found] of earlier) {
    const unsplit = found.broad ? !found.split : found.byKey === null;
    if (unsplit && id.startsWith('*') && m.key.startsWith(id.slice(1))) return true;
  }
  return false;
}

/** Records matching one query word (any of its keys), unless it is broad. */
async function lookUp(
  db: PatravaliDb,
  term: QueryTerm,
  narrow: number,
  earlier: ReadonlyMap<string, Found>,
  now: Map<string, Found>,
): Promise<Lookup> {
  const heads = new Set<number>();
  for (const m of term) {
    // A match found in what was kept reads nothing: a live query still runs again on a
    // write of index keys, since each stores kv searchWrites, which every search reads.
    const found =
      now.get(matchId(m)) ??
      fromKept(m, earlier, narrow) ??
      (await readMatch(db, m, narrow, !tooManyKeys(m, earlier)));
    now.set(matchId(m), found);
    if (found.broad) return { broad: true };
    for (const n of found.heads) heads.add(n);
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
 * in tests). A word that narrows one of the last searches' (a letter typed on)
 * is found in what that search read, while the index is unchanged (Kept).
 */
export async function searchRecords(
  db: PatravaliDb,
  text: string,
  limit = 50,
  narrow = NARROW_ENTRIES,
): Promise<RecordSummary[]> {
  const terms = queryTerms(text);
  if (terms.length === 0) return [];
  const writes = (await db.kv.get(KV_KEYS.searchWrites))?.value;
  const last = kept.get(db);
  const earlier =
    last !== undefined && last.writes === writes && last.narrow === narrow ? last.found : new Map();
  const now = new Map<string, Found>();
  let candidates: Set<number> | null = null;
  const broad: QueryTerm[] = [];
  for (const term of terms) {
    const found = await lookUp(db, term, narrow, earlier, now);
    if (found.broad) broad.push(term);
    else candidates = candidates === null ? found.heads : intersect(candidates, found.heads);
    if (candidates?.size === 0) break;
  }
  // A write meanwhile stored another searchWrites: the next search does not use this.
  // All of this search's matches (a Roman word has up to 3), and the latest earlier ones.
  const keep = Math.min(Math.max(KEEP_MATCHES, now.size), KEEP_MATCHES_MOST);
  kept.set(db, { writes, narrow, found: latest([...earlier, ...now], keep) });
  if (candidates?.size === 0) return [];
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
  for await (const batch of newestRecords(db, await firstBatch(db, among, broad, limit))) {
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

/**
 * How many of the newest records a walk for `limit` of `among` will likely
 * read: limit / (their share of all records), with a quarter more, so one read
 * mostly does (was 100, 200, 400… in turn: 1,503 rows in 4 reads for सी's 596
 * records of 10,000). The numbers given so far stand for all records (a
 * deleted record's number may stay unused). Unknown with broad words.
 */
async function firstBatch(
  db: PatravaliDb,
  among: ReadonlySet<number> | null,
  broad: readonly QueryTerm[],
  limit: number,
): Promise<number> {
  if (among === null || among.size === 0 || broad.length > 0) return 0;
  const last = await db.searchRecent.toCollection().lastKey();
  const all = typeof last === 'number' ? last : 0;
  return Math.min((1.25 * limit * all) / among.size, BATCH_MAX);
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
