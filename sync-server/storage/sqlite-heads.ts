import type { RecordId } from '@domain/ids.ts';
import type { Sql } from './sqlite-merkle.ts';
import type { CommitItem } from './types.ts';

/**
 * Compare-and-commit for the SQLite storage (docs/decisions/0007-storage-contract.md):
 * a record's head is the highest seq of its rows in `updates`; a commit checks it
 * for each item, inside its transaction, before writing anything.
 */

export function headOf(sql: Sql, recordId: RecordId): number {
  const row = sql('SELECT MAX(seq) AS head FROM updates WHERE record_id = ?').get(recordId) as {
    head: number | null;
  };
  return row.head ?? 0;
}

/** Records whose items were judged against another head, or created under a number now taken. */
export function conflictsOf(sql: Sql, items: readonly CommitItem[]): RecordId[] {
  const conflicts = new Set<RecordId>();
  for (const item of items) {
    if (item.expectedHead === undefined) continue;
    if (headOf(sql, item.recordId) !== item.expectedHead) conflicts.add(item.recordId);
    else if (item.expectedHead === 0 && numberTaken(sql, item)) conflicts.add(item.recordId);
  }
  return [...conflicts];
}

function numberTaken(sql: Sql, item: CommitItem): boolean {
  if (item.summary === null) return false;
  const other = sql(
    'SELECT record_id FROM summaries WHERE office = ? AND number = ? AND record_id <> ? LIMIT 1',
  ).get(item.summary.office, item.summary.number, item.recordId);
  return other !== undefined;
}
