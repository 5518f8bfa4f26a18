import type pg from 'pg';
import type { OfficeId, RecordId } from '@domain/ids.ts';
import type { LogEntry } from '@domain/record-log.ts';
import { entryOf, type EntryDbRow } from '../log-entry-row.ts';
import { REGISTER_COLUMNS, REGISTER_JOIN } from '../sqlite-register.ts';
import type { DistrictEntry, NewLogEntry, StoredUpdate } from '../types.ts';
import type { Db } from './pg-db.ts';
import { logEntryLeaf } from './pg-merkle.ts';

/**
 * The server's log of record order on PostgreSQL (decision 0002; sqlite-log.ts on
 * SQLite): `event_log` rows appended inside the commit, under the commit lock, so
 * their positions are in commit order; each gets its Merkle leaf and, for a
 * dispatch of an office keeping a running register, the register's next serial
 * (decision 0008), taken only when the entry is new.
 */

/** With the update-log row that carries it, to group entries by row. */
interface PgEntryRow extends EntryDbRow {
  seq: number;
}

/** At its place in the record's order, as on SQLite (sqlite-log.ts entryColumns). */
const entries = (ownOrder: number) =>
  `SELECT l.event_id, COALESCE(l.upstream_pos, l.pos + ${ownOrder}) AS pos, l.seq, l.received_at,
     l.not_before, ${REGISTER_COLUMNS} FROM event_log l ${REGISTER_JOIN}`;

/** Inside the commit: entries in order; a known event id keeps its entry, leaf and serial. */
export async function appendEntries(
  c: pg.PoolClient,
  recordId: RecordId,
  seq: number,
  entries: readonly NewLogEntry[],
): Promise<void> {
  for (const e of entries) {
    const { rows } = await c.query<{ pos: number }>(
      `INSERT INTO event_log (record_id, event_id, seq, received_at, not_before, upstream_pos)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING pos`,
      [
        recordId,
        e.eventId,
        seq,
        e.receivedAt,
        Math.min(e.notBefore, e.receivedAt),
        e.upstreamPos ?? null,
      ],
    );
    const pos = rows[0]?.pos;
    if (pos === undefined) {
      // Known here (a record removed and pulled again keeps its entries): the district's
      // place, carried by the row that brought it again.
      if (e.upstreamPos !== undefined)
        await c.query(
          'UPDATE event_log SET upstream_pos = $3, seq = $4 WHERE record_id = $1 AND event_id = $2',
          [recordId, e.eventId, e.upstreamPos, seq],
        );
      continue;
    }
    await logEntryLeaf(c, pos, recordId, e.eventId, e.hash);
    if (e.registered !== undefined) await keepNumber(c, recordId, e.eventId, e.registered);
    else if (e.registerIn !== undefined) await takeSerial(c, recordId, e.eventId, e.registerIn);
  }
}

/** Under the commit lock, so two commits at once take consecutive serials. */
async function takeSerial(
  c: pg.PoolClient,
  recordId: RecordId,
  eventId: string,
  register: { readonly office: OfficeId; readonly year: number },
): Promise<void> {
  await c.query(
    `INSERT INTO dispatch_register (office, year, serial, event_id, record_id)
       SELECT $1, $2, COALESCE(MAX(serial), 0) + 1, $3, $4
         FROM dispatch_register WHERE office = $1 AND year = $2`,
    [register.office, register.year, eventId, recordId],
  );
}

/**
 * At an office relay: the district's number of a dispatch, kept as given (decision
 * 0010, amendment 1); a number an older relay build took itself gives way.
 * Answers whether anything changed.
 */
async function keepNumber(
  c: pg.PoolClient,
  recordId: RecordId,
  eventId: string,
  register: { readonly office: OfficeId; readonly year: number; readonly serial: number },
): Promise<boolean> {
  const args = [register.office, register.year, register.serial, eventId];
  const same = await c.query(
    `SELECT 1 FROM dispatch_register
       WHERE office = $1 AND year = $2 AND serial = $3 AND event_id = $4`,
    args,
  );
  if (same.rows.length > 0) return false;
  await c.query(
    `DELETE FROM dispatch_register
       WHERE event_id = $4 OR (office = $1 AND year = $2 AND serial = $3)`,
    args,
  );
  await c.query(
    `INSERT INTO dispatch_register (office, year, serial, event_id, record_id)
       VALUES ($1, $2, $3, $4, $5)`,
    [...args, recordId],
  );
  return true;
}

/**
 * Under the commit lock, at an office relay: where the district logged the record's
 * events logged here, and its numbers of their dispatches (storage.keepDistrictEntries).
 * Answers whether any was new here.
 */
export async function keepDistrictEntries(
  c: pg.PoolClient,
  recordId: RecordId,
  given: readonly DistrictEntry[],
): Promise<boolean> {
  const { rows } = await c.query<{ office: OfficeId }>(
    'SELECT office FROM updates WHERE record_id = $1 LIMIT 1',
    [recordId],
  );
  const office = rows[0]?.office;
  if (office === undefined) return false;
  let changed = false;
  for (const e of given) {
    const placed = await c.query(
      `UPDATE event_log SET upstream_pos = $3 WHERE record_id = $1 AND event_id = $2
         AND upstream_pos IS DISTINCT FROM $3 RETURNING pos`,
      [recordId, e.eventId, e.pos],
    );
    if (placed.rows.length > 0) changed = true;
    else {
      const logged = await c.query(
        'SELECT 1 FROM event_log WHERE record_id = $1 AND event_id = $2',
        [recordId, e.eventId],
      );
      if (logged.rows.length === 0) continue;
    }
    if (e.register === undefined) continue;
    const register = { office, ...e.register };
    changed = (await keepNumber(c, recordId, e.eventId, register)) || changed;
  }
  return changed;
}

/** After compaction or repair: the record's entries travel with its one snapshot row. */
export async function moveEntries(c: pg.PoolClient, recordId: RecordId, seq: number) {
  await c.query('UPDATE event_log SET seq = $1 WHERE record_id = $2', [seq, recordId]);
}

/** At a relay's compaction: the entries of the rows `from` travel with the row that replaced them. */
export async function moveEntriesOf(
  c: pg.PoolClient,
  recordId: RecordId,
  from: readonly number[],
  seq: number,
) {
  await c.query('UPDATE event_log SET seq = $1 WHERE record_id = $2 AND seq = ANY($3::bigint[])', [
    seq,
    recordId,
    from,
  ]);
}

export async function recordEntries(
  db: Db,
  recordId: RecordId,
  ownOrder: number,
): Promise<readonly LogEntry[]> {
  const { rows } = await db.query<PgEntryRow>(
    `${entries(ownOrder)} WHERE l.record_id = $1 ORDER BY pos`,
    [recordId],
  );
  return rows.map(entryOf);
}

/** Each row with the log entries it carries, read in one query. */
export async function withEntries(db: Db, updates: readonly StoredUpdate[], ownOrder: number) {
  if (updates.length === 0) return [];
  const { rows } = await db.query<PgEntryRow>(
    `${entries(ownOrder)} WHERE l.seq = ANY($1::bigint[]) ORDER BY pos`,
    [updates.map((u) => u.seq)],
  );
  const bySeq = new Map<number, LogEntry[]>();
  for (const r of rows) {
    const list = bySeq.get(r.seq) ?? [];
    list.push(entryOf(r));
    bySeq.set(r.seq, list);
  }
  return updates.map((u) => ({ ...u, entries: bySeq.get(u.seq) ?? [] }));
}
