import type pg from 'pg';
import type { Grade } from '@domain/events.ts';
import type { OfficeId, RecordId } from '@domain/ids.ts';
import type { RecordRow } from '@domain/projection.ts';

/**
 * The projection rows of the PostgreSQL record log (table `summaries`,
 * pg-migrations.ts): each record's row whole as JSON, with the columns queries
 * use. Text is ordered by code point (COLLATE "C"), as SQLite orders it, whatever
 * the database's own collation.
 */

type Db = pg.Pool | pg.PoolClient;

export async function upsertSummary(db: Db, s: RecordRow): Promise<void> {
  await db.query(
    `INSERT INTO summaries (record_id, office, number, grade, version, holder_since, row_json)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (record_id) DO UPDATE SET office = EXCLUDED.office, number = EXCLUDED.number,
         grade = EXCLUDED.grade, version = EXCLUDED.version, holder_since = EXCLUDED.holder_since,
         row_json = EXCLUDED.row_json`,
    [s.id, s.office, s.number, s.grade, s.version, s.holderSince, JSON.stringify(s)],
  );
}

export async function summariesOf(db: Db, office: OfficeId | null): Promise<readonly RecordRow[]> {
  const { rows } = await (office === null
    ? db.query<{ row_json: string }>(
        'SELECT row_json FROM summaries ORDER BY office COLLATE "C", holder_since',
      )
    : db.query<{ row_json: string }>(
        'SELECT row_json FROM summaries WHERE office = $1 ORDER BY holder_since',
        [office],
      ));
  return rows.map((r) => JSON.parse(r.row_json) as RecordRow);
}

export async function staleSummariesOf(db: Db, version: number): Promise<readonly RecordId[]> {
  const { rows } = await db.query<{ id: RecordId }>(
    `SELECT DISTINCT u.record_id COLLATE "C" AS id FROM updates u
       LEFT JOIN summaries s ON s.record_id = u.record_id
       WHERE s.record_id IS NULL OR s.version <> $1
       ORDER BY 1`,
    [version],
  );
  return rows.map((r) => r.id);
}

export async function gradeOf(db: Db, recordId: RecordId): Promise<Grade> {
  const { rows } = await db.query<{ grade: Grade }>(
    'SELECT grade FROM summaries WHERE record_id = $1',
    [recordId],
  );
  return rows[0]?.grade ?? 'normal';
}
