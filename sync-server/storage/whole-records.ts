import * as Y from 'yjs';
import type { RecordId } from '@domain/ids.ts';
import type { StoredUpdate } from './record-log-types.ts';
import { UPDATE_OVERHEAD_BYTES } from './sqlite-rows.ts';

/** A log entry's share of UPDATE_OVERHEAD_BYTES: its event id as text and its fields. */
export const ENTRY_BYTES = 44;

/**
 * What a whole record costs a page, in SQL over its rows `f`: their bytes, one
 * update's framing (they travel merged) and one log entry a row.
 */
export const wholeCostSql = (bytes: string) =>
  `SUM(${bytes}) + COUNT(*) * ${ENTRY_BYTES} + ${UPDATE_OVERHEAD_BYTES - ENTRY_BYTES}`;

/**
 * A join's rest phase sends each record whole (decision 0019). By cursor alone
 * a record's rows come as the log has them, one person's turn at a time spread
 * over the whole join, and the device loads, checks, folds and indexes the
 * record again at every page that brings one more of its rows. Instead the
 * record's first row past the cursor brings all its rows up to the join's head
 * and counts them all against the page (PageSkip.whole, sqlite-rows.ts
 * `skipping`); its later rows up to the head are scanned, not sent. Which rows
 * a page holds depends only on the cursor and the head, so a page asked for
 * again is the same page; rows past the head come by cursor, as for any device.
 * A record is in a scope or not as a whole (scope.ts), so its rows are all the
 * scope's. The record's rows travel merged into one update with all their log
 * entries (`withWholeRecords`), as a compacted record's do: fewer bytes, and
 * the device checks the record's items once.
 */

/**
 * The page query with each row's record's first seq and its rows' cost up to
 * the join's head (`first`, `whole_cost` of PagedDbRow). Parameters: the head,
 * then the page query's own.
 */
export function wholeRowsSql(pageSql: string): string {
  return `SELECT p.seq, p.record_id, p.bytes, p.own,
      (SELECT MIN(f.seq) FROM updates f WHERE f.record_id = p.record_id) AS first,
      (SELECT ${wholeCostSql('LENGTH(f.bytes)')} FROM updates f
        WHERE f.record_id = p.record_id AND f.seq <= ?) AS whole_cost
    FROM (${pageSql}) p ORDER BY p.seq`;
}

/** A page's updates of the records it sends whole (`whole`, from skippedRows) up to the head. */
const isWhole = (u: StoredUpdate, whole: ReadonlySet<RecordId>, upTo: number) =>
  u.seq <= upTo && whole.has(u.recordId);

/** The records whose first rows the page sends: their rows up to `upTo` go with them. */
export function wholeRecordIds(
  updates: readonly StoredUpdate[],
  whole: ReadonlySet<RecordId>,
  upTo: number,
): RecordId[] {
  return updates.filter((u) => isWhole(u, whole, upTo)).map((u) => u.recordId);
}

/**
 * The page's updates, each whole record's first row replaced by its rows up to
 * the head merged into one update (the last row's seq, every row's entries,
 * which `rows` must carry).
 */
export function withWholeRecords(
  updates: readonly StoredUpdate[],
  whole: ReadonlySet<RecordId>,
  upTo: number,
  rows: ReadonlyMap<RecordId, readonly StoredUpdate[]>,
): StoredUpdate[] {
  return updates.map((u) => {
    const all = isWhole(u, whole, upTo) ? rows.get(u.recordId) : undefined;
    if (all === undefined || all.length === 0) return u;
    const last = all[all.length - 1] as StoredUpdate;
    if (all.length === 1) return last;
    return {
      seq: last.seq,
      recordId: last.recordId,
      update: Y.mergeUpdates(all.map((r) => r.update)),
      entries: all.flatMap((r) => r.entries ?? []),
    };
  });
}
