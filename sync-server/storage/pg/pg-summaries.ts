import type pg from 'pg';
import type { Grade } from '@domain/events.ts';
import type { OfficeId, RecordId } from '@domain/ids.ts';
import type { RecordRow } from '@domain/projection.ts';
import type { SearchRow } from '@domain/search-words.ts';
import type { SearchableRow } from '../record-log-types.ts';

/**
 * The projection rows of the PostgreSQL record log (table `summaries`,
 * pg-migrations.ts): each record's row whole as JSON, with the columns queries
 * use. Text is ordered by code point (COLLATE "C"), as SQLite orders it, whatever
 * the database's own collation.
 */

type Db = pg.Pool | pg.PoolClient;

/** Writes the record's row, with its search keys (none: version 0, keys null). */
export async function upsertSummary(db: Db, s: RecordRow, search?: SearchRow): Promise<void> {
  await db.query(
    `INSERT INTO summaries (record_id, office, number, grade, version, holder_since, row_json,
         search_version, search_keys)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (record_id) DO UPDATE SET office = EXCLUDED.office, number = EXCLUDED.number,
         grade = EXCLUDED.grade, version = EXCLUDED.version, holder_since = EXCLUDED.holder_since,
         row_json = EXCLUDED.row_json, search_version = EXCLUDED.search_version,
         search_keys = EXCLUDED.search_keys`,
    [
      s.id,
      s.office,
      s.number,
      s.grade,
      s.version,
      s.holderSince,
      JSON.stringify(s),
      search?.version ?? 0,
      search === undefined ? null : JSON.stringify(search.keys),
    ],
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

/** The office's rows (every record's for null) with their keys of `searchVersion`, else null. */
export async function searchableOf(
  db: Db,
  office: OfficeId | null,
  searchVersion: number,
): Promise<readonly SearchableRow[]> {
  const keys = 'CASE WHEN search_version = $1 THEN search_keys END AS search_keys';
  const { rows } = await (office === null
    ? db.query<{ row_json: string; search_keys: string | null }>(
        `SELECT row_json, ${keys} FROM summaries ORDER BY office COLLATE "C", holder_since`,
        [searchVersion],
      )
    : db.query<{ row_json: string; search_keys: string | null }>(
        `SELECT row_json, ${keys} FROM summaries WHERE office = $2 ORDER BY holder_since`,
        [searchVersion, office],
      ));
  return rows.map((r) => ({
    row: JSON.parse(r.row_json) as RecordRow,
    keys: r.search_keys === null ? null : (JSON.parse(r.search_keys) as string[]),
  }));
}

export async function staleSummariesOf(
  db: Db,
  version: number,
  searchVersion?: number,
): Promise<readonly RecordId[]> {
  const { rows } = await db.query<{ id: RecordId }>(
    `SELECT DISTINCT u.record_id COLLATE "C" AS id FROM updates u
       LEFT JOIN summaries s ON s.record_id = u.record_id
       WHERE s.record_id IS NULL OR s.version <> $1
         OR ($2::integer IS NOT NULL AND s.search_version <> $2::integer)
       ORDER BY 1`,
    [version, searchVersion ?? null],
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
