import type { PersonId, RecordId } from '@domain/ids.ts';
import { deskOf } from '../sqlite-desk.ts';
import type { DeskRecord, LogTotals, Scope, StoredUpdate } from '../types.ts';
import { inTransaction, SNAPSHOT, type Db } from './pg-db.ts';
import { withEntries } from './pg-entries.ts';
import { totalsQuery } from './pg-scope.ts';
import type pg from 'pg';

/**
 * A person's desk (decision 0012) on PostgreSQL, as sqlite-desk.ts on SQLite:
 * the projection rows' JSON says who holds a record, whose copy waits and what
 * is filed or attached where. Stores nothing.
 */

const head = (id: string) => `(SELECT MAX(seq) FROM updates u WHERE u.record_id = ${id})`;

const DESK_SQL = `WITH rows AS (SELECT record_id, row_json::jsonb AS j FROM summaries),
  held AS (SELECT record_id, j, ${head('r.record_id')} AS head FROM rows r
    WHERE j->>'holder' = $1 AND j->>'status' <> 'closed')
  SELECT record_id AS id, head FROM held
  UNION ALL SELECT r.record_id, ${head('r.record_id')} FROM rows r
    WHERE jsonb_exists(r.j->'copiesUnseen', $1)
  UNION ALL SELECT r.record_id, GREATEST(h.head, ${head('r.record_id')})
    FROM rows r JOIN held h ON h.record_id = r.j->>'inFile'
  UNION ALL SELECT a.value, GREATEST(h.head, ${head('a.value')})
    FROM held h, jsonb_array_elements_text(h.j->'attachedFiles') a(value)`;

export async function deskRecordsPg(db: Db, person: PersonId): Promise<readonly DeskRecord[]> {
  const { rows } = await db.query<{ id: string; head: string | null }>(DESK_SQL, [person]);
  return deskOf(rows);
}

export async function recordUpdatesPg(
  pool: pg.Pool,
  recordId: RecordId,
  upTo: number,
  ownOrder: number,
): Promise<readonly StoredUpdate[]> {
  // The rows and their entries from one snapshot: a compaction in between moves entries.
  return inTransaction(
    pool,
    async (c) => {
      const { rows } = await c.query<{ seq: string; bytes64: string }>(
        `SELECT seq, encode(bytes, 'base64') AS bytes64 FROM updates
          WHERE record_id = $1 AND seq <= $2 ORDER BY seq`,
        [recordId, upTo],
      );
      const updates = rows.map((r) => {
        const b = Buffer.from(r.bytes64, 'base64');
        return {
          seq: Number(r.seq),
          recordId,
          update: new Uint8Array(b.buffer, b.byteOffset, b.byteLength),
        };
      });
      return withEntries(c, updates, ownOrder);
    },
    SNAPSHOT,
  );
}

export async function scopeTotalsPg(
  db: Db,
  scope: Scope,
  after: number,
  upTo: number,
  wholeFrom?: number,
): Promise<LogTotals> {
  const q = totalsQuery(scope, after, upTo, wholeFrom);
  const { rows } = await db.query<{ records: string; bytes: string }>(q.text, [...q.values]);
  return { records: Number(rows[0]?.records ?? 0), bytes: Number(rows[0]?.bytes ?? 0) };
}
