import type pg from 'pg';
import type { RecordId } from '@domain/ids.ts';
import { compactSettled, type CompactionMode } from '../settled-rows.ts';
import type { Settled } from '../types.ts';
import { byteaOf, bytesOf } from './pg-db.ts';
import { moveEntriesOf } from './pg-entries.ts';

/**
 * Compaction of a record's rows at an office relay on PostgreSQL
 * (settleCompactionAs, settled-rows.ts; decision 0013, amendment 4), inside the
 * caller's transaction: each group of rows becomes one row, its log entries moved
 * with it; `nextSeq` hands out a new seq under the commit lock. Returns the highest
 * seq of the record's rows.
 */
export async function compactAtRelayPg(
  c: pg.PoolClient,
  recordId: RecordId,
  mode: CompactionMode,
  at: number,
  settled: Settled,
  nextSeq: () => Promise<number>,
): Promise<number> {
  const { rows } = await c.query<{
    seq: string;
    office: string;
    author: string;
    device_id: string | null;
    bytes: Buffer;
  }>(
    'SELECT seq, office, author, device_id, bytes FROM updates WHERE record_id = $1 ORDER BY seq',
    [recordId],
  );
  const stored = rows.map((r) => ({
    ...r,
    seq: Number(r.seq),
    deviceId: r.device_id,
    bytes: bytesOf(r.bytes),
  }));
  const { write, kept } = compactSettled(stored, settled, mode);
  let top = kept;
  for (const w of write) {
    const seq = w.seq ?? (await nextSeq());
    await c.query('DELETE FROM updates WHERE record_id = $1 AND seq = ANY($2::bigint[])', [
      recordId,
      w.from,
    ]);
    await c.query(
      `INSERT INTO updates (seq, record_id, office, author, device_id, bytes, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [seq, recordId, w.office, w.author, w.deviceId, byteaOf(w.update), at],
    );
    await moveEntriesOf(c, recordId, w.from, seq);
    top = Math.max(top, seq);
  }
  return top;
}
