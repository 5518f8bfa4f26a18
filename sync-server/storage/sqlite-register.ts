import type { OfficeId, RecordId } from '@domain/ids.ts';
import type { Sql } from './sqlite-merkle.ts';
import type { DistrictEntry } from './types.ts';

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

/**
 * At an office relay: the number the district gave the dispatch, kept as given
 * (decision 0010, amendment 1). The relay takes no serial of its own; a row a
 * relay of an older build numbered itself, for this dispatch or with this serial,
 * gives way to the district's. Answers whether anything changed.
 */
export function keepDistrictNumber(
  sql: Sql,
  recordId: RecordId,
  eventId: string,
  register: { readonly office: OfficeId; readonly year: number; readonly serial: number },
): boolean {
  const row = { ...register, eventId, recordId };
  const same = sql(
    `SELECT 1 FROM dispatch_register WHERE event_id = @eventId AND office = @office
       AND year = @year AND serial = @serial`,
  ).get(row);
  if (same !== undefined) return false;
  sql(
    `DELETE FROM dispatch_register WHERE event_id = @eventId
       OR (office = @office AND year = @year AND serial = @serial)`,
  ).run(row);
  sql(
    `INSERT INTO dispatch_register (office, year, serial, event_id, record_id)
       VALUES (@office, @year, @serial, @eventId, @recordId)`,
  ).run(row);
  return true;
}

/**
 * Inside a transaction, at an office relay (storage.keepDistrictEntries): where the
 * district logged the record's events that this storage logged, and the numbers it
 * gave dispatches, in the register of the record's office. Answers whether any was
 * new here.
 */
export function keepDistrictEntries(
  sql: Sql,
  recordId: RecordId,
  entries: readonly DistrictEntry[],
): boolean {
  const row = sql('SELECT office FROM updates WHERE record_id = ? LIMIT 1').get(recordId) as
    { office: OfficeId } | undefined;
  if (row === undefined) return false;
  const logged = sql('SELECT upstream_pos FROM event_log WHERE record_id = ? AND event_id = ?');
  const place = sql('UPDATE event_log SET upstream_pos = ? WHERE record_id = ? AND event_id = ?');
  let changed = false;
  for (const e of entries) {
    const here = logged.get(recordId, e.eventId) as { upstream_pos: number | null } | undefined;
    if (here === undefined) continue;
    if (here.upstream_pos !== e.pos) {
      place.run(e.pos, recordId, e.eventId);
      changed = true;
    }
    if (e.register === undefined) continue;
    const register = { office: row.office, ...e.register };
    changed = keepDistrictNumber(sql, recordId, e.eventId, register) || changed;
  }
  return changed;
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
