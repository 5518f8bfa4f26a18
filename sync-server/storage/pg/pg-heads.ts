import type { RecordId } from '@domain/ids.ts';
import type { CommitItem } from '../types.ts';
import type { Db } from './pg-db.ts';

/**
 * A record's head and row count, and the commit's check that each record is still at
 * the head it was judged against (PostgreSQL; sqlite-heads.ts on SQLite).
 */

export async function headOf(db: Db, recordId: RecordId): Promise<number> {
  const { rows } = await db.query<{ head: string }>(
    'SELECT COALESCE(MAX(seq), 0) AS head FROM updates WHERE record_id = $1',
    [recordId],
  );
  return Number(rows[0]?.head ?? 0);
}

export async function rowCount(db: Db, recordId: RecordId): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    'SELECT COUNT(*) AS n FROM updates WHERE record_id = $1',
    [recordId],
  );
  return Number(rows[0]?.n ?? 0);
}

/** As sqlite-heads.ts: records judged against another head, or created under a taken number. */
export async function conflictsOf(db: Db, items: readonly CommitItem[]): Promise<RecordId[]> {
  const conflicts = new Set<RecordId>();
  for (const item of items) {
    if (item.expectedHead === undefined) continue;
    if ((await headOf(db, item.recordId)) !== item.expectedHead) conflicts.add(item.recordId);
    else if (item.expectedHead === 0 && item.summary !== null) {
      const { rowCount: taken } = await db.query(
        'SELECT 1 FROM summaries WHERE office = $1 AND number = $2 AND record_id <> $3 LIMIT 1',
        [item.summary.office, item.summary.number, item.recordId],
      );
      if ((taken ?? 0) > 0) conflicts.add(item.recordId);
    }
  }
  return [...conflicts];
}
