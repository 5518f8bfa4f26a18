import type { DeskRecord } from './types.ts';

/**
 * The SQL of a person's desk (decision 0012) on SQLite: what a fresh device of
 * theirs receives first. Stores nothing. Parameter: @person.
 */

/** The highest seq of the record whose id is `id`. */
const head = (id: string) => `(SELECT MAX(seq) FROM updates u WHERE u.record_id = ${id})`;

export const DESK_SQL = `WITH held AS (
    SELECT record_id, ${head('s.record_id')} AS head FROM summaries s
      WHERE s.holder = @person AND s.status <> 'closed')
  SELECT record_id AS id, head FROM held
  UNION ALL SELECT s.record_id, ${head('s.record_id')}
    FROM summaries s, json_each(s.row_json, '$.copiesUnseen') c WHERE c.value = @person
  UNION ALL SELECT s.record_id, MAX(h.head, ${head('s.record_id')})
    FROM summaries s JOIN held h ON h.record_id = json_extract(s.row_json, '$.inFile')
  UNION ALL SELECT a.value, MAX(h.head, ${head('a.value')})
    FROM held h JOIN summaries f ON f.record_id = h.record_id,
      json_each(f.row_json, '$.attachedFiles') a`;

export interface DeskDbRow {
  id: string;
  head: number | string | null;
}

/** One entry per record, at the highest head it came with, by record id. */
export function deskOf(rows: readonly DeskDbRow[]): DeskRecord[] {
  const heads = new Map<string, number>();
  for (const r of rows) {
    // A record named by a file but with no rows here yet has no head: nothing to send.
    if (r.head === null) continue;
    heads.set(r.id, Math.max(heads.get(r.id) ?? 0, Number(r.head)));
  }
  return [...heads]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, h]) => ({ recordId: id as DeskRecord['recordId'], head: h }));
}
