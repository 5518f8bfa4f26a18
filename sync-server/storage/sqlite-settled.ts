import type { RecordId } from '@domain/ids.ts';
import { compactSettled, type CompactionMode } from './settled-rows.ts';
import type { Sql } from './sqlite-merkle.ts';
import type { Settled } from './types.ts';

/**
 * Compaction of a record's rows at an office relay on SQLite (settleCompactionAs,
 * settled-rows.ts; decision 0013, amendment 4), inside the caller's transaction:
 * each group of rows becomes one row, its log entries moved with it. Returns the
 * highest seq of the record's rows.
 */

interface OriginDbRow {
  seq: number;
  office: string;
  author: string;
  device_id: string | null;
  bytes: Buffer;
}

export function compactAtRelay(
  sql: Sql,
  recordId: RecordId,
  mode: CompactionMode,
  at: number,
  settled: Settled,
): number {
  const rows = sql(
    'SELECT seq, office, author, device_id, bytes FROM updates WHERE record_id = ? ORDER BY seq',
  ).all(recordId) as OriginDbRow[];
  const stored = rows.map((r) => ({
    ...r,
    deviceId: r.device_id,
    bytes: new Uint8Array(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength),
  }));
  const { write, kept } = compactSettled(stored, settled, mode);
  let top = kept;
  for (const w of write) {
    const from = JSON.stringify(w.from);
    const within = 'record_id = ? AND seq IN (SELECT value FROM json_each(?))';
    sql(`DELETE FROM updates WHERE ${within}`).run(recordId, from);
    const r = sql(
      `INSERT INTO updates (seq, record_id, office, author, device_id, bytes, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(w.seq, recordId, w.office, w.author, w.deviceId, Buffer.from(w.update), at);
    const seq = Number(r.lastInsertRowid);
    sql(`UPDATE event_log SET seq = ? WHERE ${within}`).run(seq, recordId, from);
    top = Math.max(top, seq);
  }
  return top;
}
