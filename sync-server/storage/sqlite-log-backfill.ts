import type { Database } from 'better-sqlite3';
import { claimedEntries } from '@doc/claimed-log.ts';
import { loadRecordDoc } from '@doc/record-doc.ts';
import { idsInUpdate } from '@doc/update-ids.ts';

/**
 * Migration 6's data step: records stored before the server kept its log get
 * entries taken at their word (claimed-log.ts: the old fold order, receipt and
 * earliest time both the claimed time), marked `legacy`. Each entry travels
 * with the first stored row that holds its event.
 */

interface Row {
  seq: number;
  bytes: Buffer;
}

const bytesOf = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/** A record whose rows do not load (a damaged row) gets no entries rather than stopping the upgrade. */
function claimedOrNone(updates: readonly Uint8Array[]) {
  try {
    const doc = loadRecordDoc(updates);
    const entries = claimedEntries(doc);
    doc.destroy();
    return entries;
  } catch {
    return [];
  }
}

export function backfillEventLog(db: Database): void {
  const ids = db.prepare('SELECT DISTINCT record_id FROM updates').pluck().all() as string[];
  const rowsOf = db.prepare('SELECT seq, bytes FROM updates WHERE record_id = ? ORDER BY seq');
  const insert = db.prepare(
    `INSERT OR IGNORE INTO event_log (record_id, event_id, seq, received_at, not_before, legacy)
       VALUES (?, ?, ?, ?, ?, 1)`,
  );
  for (const recordId of ids) {
    const rows = rowsOf.all(recordId) as Row[];
    const last = rows[rows.length - 1];
    if (last === undefined) continue;
    const firstSeq = new Map<string, number>();
    for (const r of rows) {
      const inRow = idsInUpdate(bytesOf(r.bytes));
      for (const id of [inRow.created ?? '', ...inRow.eventIds])
        if (id !== '' && !firstSeq.has(id)) firstSeq.set(id, r.seq);
    }
    for (const e of claimedOrNone(rows.map((r) => bytesOf(r.bytes))))
      insert.run(
        recordId,
        e.eventId,
        firstSeq.get(e.eventId) ?? last.seq,
        e.receivedAt,
        e.notBefore,
      );
  }
}
