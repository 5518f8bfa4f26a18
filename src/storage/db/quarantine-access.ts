import { isRestricted, mayRead } from '@domain/grades.ts';
import type { PersonId } from '@domain/ids.ts';
import type { QuarantineAccess, QuarantineRow, RecordSummary } from './db.ts';

/**
 * Who sees a refused change on a shared tablet. The tablet holds everyone's
 * refused changes; those of a restricted (confidential or secret) record carry
 * its access list from when they were quarantined (the record itself may have
 * left the tablet since: a record the district refused whole, decision 0013) and
 * are shown only to someone on it, as the office's lists do (@domain/grades.ts).
 */

/** The access list to keep with a refused change of this record: none unless restricted. */
export function restrictedAccess(row: RecordSummary | undefined): QuarantineAccess | undefined {
  if (row === undefined || !isRestricted(row.grade)) return undefined;
  return { grade: row.grade, participants: row.participants, readers: row.readers };
}

/** Whether the list of refused changes shows the row to `viewer` (anyone, without one). */
export function quarantineShownTo(row: QuarantineRow, viewer: PersonId | undefined): boolean {
  return viewer === undefined || row.access === undefined || mayRead(row.access, viewer);
}
