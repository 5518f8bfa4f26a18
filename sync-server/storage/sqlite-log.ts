import type { DeviceId, RecordId } from '@domain/ids.ts';
import type { LogEntry } from '@domain/record-log.ts';
import { consistencyProof, inclusionProof, treeRoot, type Hash } from '@doc/merkle.ts';
import { SqliteAccounts } from './sqlite-accounts.ts';
import { logEntryLeaf, merkleSize, perfectLookup, type Sql } from './sqlite-merkle.ts';
import { entryOf, type EntryDbRow } from './log-entry-row.ts';
import {
  keepDistrictNumber,
  REGISTER_COLUMNS,
  REGISTER_JOIN,
  takeRegisterSerial,
} from './sqlite-register.ts';
import { RELAY_OWN_ORDER } from './record-log-types.ts';
import type { DeviceContact, LogLeaf, LogTree, NewLogEntry, StoredUpdate } from './types.ts';

/**
 * The server's log of record order (docs/decisions/0002-record-order.md), a
 * layer of the SQLite storage between the accounts and the update log:
 * - `event_log`      one row per accepted event and per record creation:
 *                    `pos` (INTEGER PRIMARY KEY AUTOINCREMENT, so in commit
 *                    order: SQLite has one writer), the update-log row `seq`
 *                    that carries it to devices (moved with compaction),
 *                    `received_at`, `not_before`, `legacy` (backfilled),
 *                    `leaf`: its index in the Merkle log (sqlite-merkle.ts),
 *                    `upstream_pos`: at an office relay, the district's position;
 * - `device_contact` per device, its latest exchange (see DeviceContact);
 * - `dispatch_register` running-register numbers of dispatches (sqlite-register.ts),
 *                    read with their entries.
 */

/**
 * An entry with its running-register number, if it has one (sqlite-register.ts), at
 * its position in the record's order: its own, or at an office relay the district's
 * (`upstream_pos`), those the district has not logged after all of the district's
 * (decision 0010, amendment 4).
 */
const entryColumns = (ownOrder: number) =>
  `l.event_id, COALESCE(l.upstream_pos, l.pos + ${ownOrder}) AS pos, l.received_at, l.not_before,
   ${REGISTER_COLUMNS} FROM event_log l ${REGISTER_JOIN}`;

export class SqliteRecordLog extends SqliteAccounts {
  protected readonly sqlOf: Sql = (source) => this.sql(source);
  /** What an entry the district has not logged is read at, above its own position. */
  private ownOrder = 0;

  orderAsRelay(): void {
    this.ownOrder = RELAY_OWN_ORDER;
  }

  /** The root last read, with the log's size and the database's data_version then. */
  private lastTree: { readonly tree: LogTree; readonly version: number } | null = null;

  /**
   * The log's size and root. Every sync response carries the head, so the root (some
   * 30 lookups and hashes) is read again only when the log grew or another connection
   * wrote the database (PRAGMA data_version; this connection's own writes only append
   * leaves, which changes the size).
   */
  async logTree(): Promise<LogTree> {
    const version = this.sql('PRAGMA data_version').pluck().get() as number;
    const last = this.lastTree;
    if (last !== null && last.version === version && last.tree.size === merkleSize(this.sqlOf))
      return last.tree;
    return this.db.transaction(() => {
      const size = merkleSize(this.sqlOf);
      const tree = { size, root: treeRoot(perfectLookup(this.sqlOf), size) };
      this.lastTree = { tree, version };
      return tree;
    })();
  }

  async logConsistency(size1: number, size2: number): Promise<readonly Hash[]> {
    if (size2 > merkleSize(this.sqlOf)) throw new RangeError(`the log has no size ${size2}`);
    return consistencyProof(perfectLookup(this.sqlOf), size1, size2);
  }

  async logInclusion(leaf: number, size: number): Promise<readonly Hash[]> {
    if (size > merkleSize(this.sqlOf)) throw new RangeError(`the log has no size ${size}`);
    return inclusionProof(perfectLookup(this.sqlOf), leaf, size);
  }

  async recordLeaves(recordId: RecordId): Promise<readonly LogLeaf[]> {
    const rows = this.sql(
      'SELECT event_id, leaf FROM event_log WHERE record_id = ? AND leaf IS NOT NULL ORDER BY pos',
    ).all(recordId) as { event_id: string; leaf: number }[];
    return rows.map((r) => ({ eventId: r.event_id, leaf: r.leaf }));
  }

  async recordLog(recordId: RecordId): Promise<readonly LogEntry[]> {
    const entries = `SELECT ${entryColumns(this.ownOrder)}`;
    const rows = this.sql(`${entries} WHERE l.record_id = ? ORDER BY pos`).all(
      recordId,
    ) as EntryDbRow[];
    return rows.map(entryOf);
  }

  async deviceContact(deviceId: DeviceId): Promise<DeviceContact | null> {
    const row = this.sql(
      'SELECT last_at, last_push_bytes, anchor FROM device_contact WHERE device_id = ?',
    ).get(deviceId) as { last_at: number; last_push_bytes: number; anchor: number } | undefined;
    if (row === undefined) return null;
    return {
      deviceId,
      lastAt: row.last_at,
      lastPushBytes: row.last_push_bytes,
      anchor: row.anchor,
    };
  }

  async deviceRegisteredAt(deviceId: DeviceId): Promise<number | null> {
    const row = this.sql('SELECT MIN(registered_at) AS at FROM devices WHERE device_id = ?').get(
      deviceId,
    ) as { at: number | null };
    return row.at;
  }

  /** Inside a transaction. */
  protected saveContact(c: DeviceContact): void {
    this.sql(
      `INSERT INTO device_contact (device_id, last_at, last_push_bytes, anchor) VALUES (?, ?, ?, ?)
         ON CONFLICT (device_id) DO UPDATE SET last_at = excluded.last_at,
           last_push_bytes = excluded.last_push_bytes, anchor = excluded.anchor`,
    ).run(c.deviceId, c.lastAt, c.lastPushBytes, c.anchor);
  }

  /**
   * Appends entries in order (inside the commit's transaction), each with its leaf in
   * the Merkle log; a known id keeps its entry and gets no second leaf.
   */
  protected appendEntries(recordId: RecordId, seq: number, entries: readonly NewLogEntry[]): void {
    const insert = this.sql(
      `INSERT OR IGNORE INTO event_log
         (record_id, event_id, seq, received_at, not_before, legacy, upstream_pos)
         VALUES (?, ?, ?, ?, ?, 0, ?)`,
    );
    const place = this.sql(
      'UPDATE event_log SET upstream_pos = ?, seq = ? WHERE record_id = ? AND event_id = ?',
    );
    for (const e of entries) {
      const r = insert.run(
        recordId,
        e.eventId,
        seq,
        e.receivedAt,
        Math.min(e.notBefore, e.receivedAt),
        e.upstreamPos ?? null,
      );
      if (r.changes !== 1) {
        // Known here (a record removed and pulled again keeps its entries): the district's
        // place, carried by the row that brought it again.
        if (e.upstreamPos !== undefined) place.run(e.upstreamPos, seq, recordId, e.eventId);
        continue;
      }
      logEntryLeaf(this.sqlOf, Number(r.lastInsertRowid), recordId, e.eventId, e.hash);
      if (e.registered !== undefined)
        keepDistrictNumber(this.sqlOf, recordId, e.eventId, e.registered);
      else if (e.registerIn !== undefined)
        takeRegisterSerial(this.sqlOf, recordId, e.eventId, e.registerIn);
    }
  }

  /** After compaction: the record's entries travel with its one snapshot row. */
  protected moveEntries(recordId: RecordId, seq: number): void {
    this.sql('UPDATE event_log SET seq = ? WHERE record_id = ?').run(seq, recordId);
  }

  /**
   * Each row with the log entries it carries, read in one query for the whole page (one
   * query per row cost a storm of 300 tablets a fifth of its server CPU).
   */
  protected withEntries(rows: readonly StoredUpdate[]): StoredUpdate[] {
    if (rows.length === 0) return [];
    const found = this.sql(
      `SELECT l.seq, ${entryColumns(this.ownOrder)} WHERE l.seq IN (SELECT value FROM json_each(?)) ORDER BY l.seq, pos`,
    ).all(JSON.stringify(rows.map((u) => u.seq))) as (EntryDbRow & { seq: number })[];
    const bySeq = new Map<number, LogEntry[]>();
    for (const r of found) {
      const list = bySeq.get(r.seq);
      if (list === undefined) bySeq.set(r.seq, [entryOf(r)]);
      else list.push(entryOf(r));
    }
    return rows.map((u) => ({ ...u, entries: bySeq.get(u.seq) ?? [] }));
  }

  protected clearLog(): void {
    // A reset wipes the records, so their register goes too: the new class starts at 1.
    this.db.exec('DELETE FROM event_log; DELETE FROM dispatch_register;');
  }
}
