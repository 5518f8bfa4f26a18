import type { Transaction } from 'dexie';
import type { RecordId } from '@domain/ids.ts';
import { SEARCH_VERSION, keyText, upgradeKeys } from '@domain/search-words.ts';

/**
 * How the device's search index is laid out (v10), apart from db.ts so the
 * schema's upgrade can use it without importing the database class.
 *
 * What is stored where:
 * - `searchHeads`  one row per record: a small number `n` of its own (this
 *                  device's, never sent anywhere), the SEARCH_VERSION of its
 *                  keys, how many `searchWords` rows it has, and all its keys
 *                  as one key text (@domain/search-words.ts keyText), which the
 *                  walk over the newest records checks.
 * - `searchRecent` per number its record and that record's latest activity
 *                  (`at`, its `records` row's lastActivity), indexed: what a
 *                  lookup's numbers are, and the order a search walks them in,
 *                  without reading a `records` row or a key text.
 * - `searchWords`  the keys themselves, multi-entry indexed, in rows whose
 *                  primary key is `[at, p]`: the record's latest activity
 *                  (its `searchRecent` row's `at`) and `p = n * PART_SPAN +
 *                  part`. A record's first row holds the keys it had when
 *                  first indexed; each later change that only adds keys (a
 *                  noting finalised, a receipt put in) adds a row with just
 *                  the new ones, so no key is written twice; a change that
 *                  removes keys, or moves its latest activity, rewrites the
 *                  record's rows as one.
 *
 * Why numbers: each multi-entry index entry stores its row's primary key. A
 * record's UUID there made an entry ~180 bytes (267 MB at 10,000 records) and
 * every key of a record was rewritten with each noting; a number keeps the
 * entry a fraction of that, and the record comes back as `p / PART_SPAN`.
 *
 * Why the time first (v14): an index's entries for one key are in the order
 * of their primary keys, so a word's entries read backwards are its records
 * by latest activity, newest first. A search for a word in thousands of
 * records reads its newest fifty and stops (search-index.ts), where reading
 * all its entries took most of a keystroke's budget at 10,000 records. The
 * price: a record's keys are written again when its latest activity moves.
 */

/** Rows a record may have before they are merged into one (primary keys n*PART_SPAN + 0…). */
export const PART_SPAN = 1024;

export interface SearchHeadRow {
  readonly id: RecordId;
  /** This device's number for the record in `searchWords` rows. */
  readonly n: number;
  readonly version: number;
  /** Its `searchWords` rows: n*PART_SPAN up to n*PART_SPAN + parts - 1. */
  readonly parts: number;
  /** Every key of the record as one key text (keyText). */
  readonly words: string;
}

export interface SearchRecentRow {
  readonly n: number;
  readonly id: RecordId;
  /** The record's lastActivity. */
  readonly at: number;
}

export interface SearchWordRow {
  /** The record's latest activity, as its `searchRecent` row has it. */
  readonly at: number;
  /** n * PART_SPAN + part. */
  readonly p: number;
  readonly keys: readonly string[];
}

/** A `searchWords` primary key: the record's latest activity, then n * PART_SPAN + part. */
export type SearchWordKey = readonly [at: number, p: number];

/** The record number a `searchWords` row's `p` belongs to. */
export function headOfPart(p: number): number {
  return Math.floor(p / PART_SPAN);
}

/** The head and first row of a record indexed whole under number `n`, its latest activity `at`. */
export function freshRows(
  id: RecordId,
  n: number,
  at: number,
  keys: readonly string[],
  version = SEARCH_VERSION,
): { head: SearchHeadRow; part: SearchWordRow } {
  return {
    head: { id, n, version, parts: 1, words: keyText(keys) },
    part: { at, p: n * PART_SPAN, keys },
  };
}

/** v10–v13's row of keys, its primary key `n * PART_SPAN + part`. */
interface V10PartRow {
  readonly n: number;
  readonly keys: readonly string[];
}

/** v9's row: one per record, its keys indexed under the record's UUID. */
interface V9Row {
  readonly id: RecordId;
  readonly version: number;
  readonly keys: readonly string[];
}

/** Rows moved per step of the upgrade (bounds what is in memory at once). */
const MOVE_BATCH = 200;

/**
 * The v10 upgrade: every v9 `search` row of a record still here becomes a
 * head, a recent row and one part under a new number, its keys brought to
 * this SEARCH_VERSION (@domain/search-words.ts upgradeKeys: no record document
 * is read, so a full tablet upgrades in one pass over its index), and `search`
 * is emptied.
 */
export async function moveV9SearchRows(tx: Transaction): Promise<void> {
  const old = tx.table<V9Row, RecordId>('search');
  const records = tx.table<{ readonly id: RecordId; readonly lastActivity: number }, RecordId>(
    'records',
  );
  const ids = await old.toCollection().primaryKeys();
  let n = 0;
  for (let i = 0; i < ids.length; i += MOVE_BATCH) {
    const some = ids.slice(i, i + MOVE_BATCH);
    const rows = await old.bulkGet(some);
    const at = await records.bulkGet(some);
    const moved: { head: SearchHeadRow; part: V10PartRow; recent: SearchRecentRow }[] = [];
    rows.forEach((r, j) => {
      const lastActivity = at[j]?.lastActivity;
      if (r === undefined || lastActivity === undefined) return;
      // Version 1's spellings are this version's; its skeletons are made again.
      const { head, part } =
        r.version === 1
          ? freshRows(r.id, ++n, lastActivity, upgradeKeys(r.keys))
          : freshRows(r.id, ++n, lastActivity, r.keys, r.version);
      moved.push({
        head,
        part: { n: part.p, keys: part.keys },
        recent: { n, id: r.id, at: lastActivity },
      });
    });
    await tx.table('searchHeads').bulkAdd(moved.map((m) => m.head));
    await tx.table('searchRecent').bulkAdd(moved.map((m) => m.recent));
    await tx.table('searchParts').bulkAdd(moved.map((m) => m.part));
  }
  await old.clear();
}

/**
 * The v14 upgrade: every `searchParts` row moves to `searchWords` under its
 * record's latest activity (its `searchRecent` row), keys as they are; no
 * record or document is read. A row whose record has no recent row (none
 * should) goes with its head, so the record is indexed again from its
 * updates when the database opens (search-rebuild.ts).
 */
export async function moveV13SearchParts(tx: Transaction): Promise<void> {
  const old = tx.table<V10PartRow, number>('searchParts');
  const recent = tx.table<SearchRecentRow, number>('searchRecent');
  const heads = tx.table<SearchHeadRow, RecordId>('searchHeads');
  const words = tx.table<SearchWordRow>('searchWords');
  let after = -1;
  for (;;) {
    const rows = await old.where('n').above(after).limit(MOVE_BATCH).toArray();
    const last = rows[rows.length - 1];
    if (last === undefined) break;
    after = last.n;
    const numbers = [...new Set(rows.map((r) => headOfPart(r.n)))];
    const found = await recent.bulkGet(numbers);
    const atOf = new Map(found.flatMap((r) => (r === undefined ? [] : [[r.n, r.at] as const])));
    const lost = numbers.filter((n) => !atOf.has(n));
    if (lost.length > 0) {
      await heads
        .toCollection()
        .filter((h) => lost.includes(h.n))
        .delete();
    }
    await words.bulkAdd(
      rows.flatMap((r) => {
        const at = atOf.get(headOfPart(r.n));
        return at === undefined ? [] : [{ at, p: r.n, keys: r.keys }];
      }),
    );
  }
  await old.clear();
}
