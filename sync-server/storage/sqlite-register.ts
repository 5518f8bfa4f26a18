import type { OfficeId, RecordId } from '@domain/ids.ts';
import type { Sql } from './sqlite-merkle.ts';

/**
 * Offices' running dispatch registers (docs/decisions/0008-running-register.md),
 * a part of the SQLite storage's log layer:
 * - `dispatch_register` one row per numbered dispatch: the office, the year,
 *                       its serial there, and the dispatch event it numbers.
 *
 * A serial is taken only in the transaction that first stores the dispatch's log
 * entry (sqlite-log.ts appendEntries: `INSERT OR IGNORE` on the event id), so a
 * retry, a re-push, a replay or a repair never takes a second one; SQLite has one
 * writer, so two commits at once take consecutive serials; the primary key and the
 * unique event id make a duplicate fail the commit rather than be stored.
 */

/** Inside the commit's transaction, right after the dispatch's entry was inserted. */
export function takeRegisterSerial(
  sql: Sql,
  recordId: RecordId,
  eventId: string,
  register: { readonly office: OfficeId; readonly year: number },
): void {
  sql(
    `INSERT INTO dispatch_register (office, year, serial, event_id, record_id)
       SELECT @office, @year, COALESCE(MAX(serial), 0) + 1, @eventId, @recordId
         FROM dispatch_register WHERE office = @office AND year = @year`,
  ).run({ office: register.office, year: register.year, eventId, recordId });
}

/** Joined to `event_log` rows (alias `l`) to read each entry's register number. */
export const REGISTER_JOIN = 'LEFT JOIN dispatch_register r ON r.event_id = l.event_id';
export const REGISTER_COLUMNS = 'r.year AS register_year, r.serial AS register_serial';

export interface RegisterColumns {
  register_year: number | null;
  register_serial: number | null;
}

export function registerOfRow(r: RegisterColumns) {
  return r.register_serial === null || r.register_year === null
    ? {}
    : { register: { year: r.register_year, serial: r.register_serial } };
}
