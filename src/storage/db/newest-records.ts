import type { PatravaliDb } from './db.ts';
import type { SearchRecentRow } from './search-layout.ts';

/** Records in the first batch; each next one is twice as many, up to BATCH_MAX. */
const BATCH_FIRST = 100;
const BATCH_MAX = 1600;

/**
 * The index's records by latest activity, newest first (their `searchRecent`
 * rows: number, id, time), a batch at a time, so that a search needing the
 * newest 50 matches reads about as many records as it checks. Each batch is
 * one bounded index read (IndexedDB's getAll with a direction), never a
 * cursor stepping per record nor a read of every record: at 10,000 records
 * either costs more than a keystroke's budget. Records that share the
 * boundary's time are neither lost nor given twice.
 */
export async function* newestRecords(db: PatravaliDb): AsyncGenerator<SearchRecentRow[]> {
  const given = new Set<number>();
  let size = BATCH_FIRST;
  let last: SearchRecentRow | undefined;
  for (;;) {
    const at = last?.at;
    // Those at the boundary's time come again first, and were given already.
    const again = given.size;
    const range =
      at === undefined
        ? db.searchRecent.orderBy('at')
        : db.searchRecent.where('at').belowOrEqual(at);
    const read: SearchRecentRow[] = await range
      .reverse()
      .limit(size + again)
      .toArray();
    const rows = read.filter((r) => !given.has(r.n));
    if (rows.length > 0) yield rows;
    last = read[read.length - 1];
    if (read.length < size + again || last === undefined) return;
    const boundary = last.at;
    given.clear();
    for (const r of read) if (r.at === boundary) given.add(r.n);
    size = Math.min(size * 2, BATCH_MAX);
  }
}
