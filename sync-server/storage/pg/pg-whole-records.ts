import type { RecordId } from '@domain/ids.ts';
import type { StoredUpdate } from '../record-log-types.ts';
import type { PagedDbRow } from '../sqlite-rows.ts';
import { wholeCostSql } from '../whole-records.ts';
import type { PageSkip } from '../types.ts';
import type { Db } from './pg-db.ts';
import { withEntries } from './pg-entries.ts';

/**
 * A join's rest phase sends each record whole (decision 0019, whole-records.ts)
 * on PostgreSQL: each batch's records' first seq and cost up to the join's head
 * in one query, and the rows of the records a page sends in one more.
 */

/** The row with its record's `first` and `whole_cost` (PagedDbRow), read for each batch. */
export async function withWholeFacts(
  c: Db,
  rows: readonly PagedDbRow[],
  skip: PageSkip | undefined,
): Promise<readonly PagedDbRow[]> {
  if (skip?.wholeFrom === undefined) return rows;
  const ids = [...new Set(rows.filter((r) => r.seq <= skip.upTo).map((r) => r.record_id))];
  if (ids.length === 0) return rows;
  const { rows: facts } = await c.query<{ record_id: string; first: string; cost: string }>(
    `SELECT record_id, MIN(seq) AS first,
        ${wholeCostSql('octet_length(bytes)')} AS cost
      FROM updates WHERE record_id = ANY($1) AND seq <= $2 GROUP BY record_id`,
    [ids, skip.upTo],
  );
  const of = new Map(facts.map((f) => [f.record_id, f]));
  return rows.map((r) => {
    const f = r.seq <= skip.upTo ? of.get(r.record_id) : undefined;
    return f === undefined ? r : { ...r, first: Number(f.first), whole_cost: Number(f.cost) };
  });
}

/** The rows up to `upTo` of `ids` with their log entries, by record, in seq order. */
export async function wholeRowsPg(
  c: Db,
  ids: readonly RecordId[],
  upTo: number,
  ownOrder: number,
): Promise<Map<RecordId, StoredUpdate[]>> {
  const out = new Map<RecordId, StoredUpdate[]>();
  if (ids.length === 0) return out;
  const { rows } = await c.query<{ seq: string; record_id: string; bytes64: string }>(
    `SELECT seq, record_id, encode(bytes, 'base64') AS bytes64 FROM updates
      WHERE record_id = ANY($1) AND seq <= $2 ORDER BY record_id, seq`,
    [ids, upTo],
  );
  const updates = rows.map((r) => {
    const b = Buffer.from(r.bytes64, 'base64');
    return {
      seq: Number(r.seq),
      recordId: r.record_id as RecordId,
      update: new Uint8Array(b.buffer, b.byteOffset, b.byteLength),
    };
  });
  for (const u of await withEntries(c, updates, ownOrder)) {
    const list = out.get(u.recordId) ?? [];
    list.push(u);
    out.set(u.recordId, list);
  }
  return out;
}
