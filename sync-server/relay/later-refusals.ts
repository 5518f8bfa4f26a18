import { createHash } from 'node:crypto';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import * as Y from 'yjs';
import type { DeviceId, RecordId } from '@domain/ids.ts';
import type { RefusalReason, UnknownRefusalReason } from '@protocol/messages.ts';
import { SQLITE_FILE } from '../storage/sqlite.ts';

/**
 * The district's refusals of work an office relay had taken from its tablets
 * (docs/decisions/0013-later-refusals.md), kept in the relay's SQLite file until
 * each tablet whose work it was has quarantined it: the tablet hears it at its
 * next sync at the relay (protocol 15, Refusal.later) and names it as taken in
 * the request after (SyncRequest.taken). Two tables of the relay's own, beside
 * the server's (the district has none): `relay_refusals` (what the district
 * refused, why, and the refused change) and `relay_refusal_devices` (which
 * tablets are to be told, and when each said it had it); and
 * `relay_held_pushes`, what the district could not take because its own copy of
 * the record is damaged, pushed again until it can (amendment 3), with a wait
 * that grows with each try (amendment 8). Written with
 * synchronous=FULL before the relay moves past the refused push, so a relay
 * killed at any point keeps every refusal; the same refusal received again
 * (the push resent after a restart) is stored once.
 */

export interface LaterRefusal {
  readonly id: number;
  readonly recordId: RecordId;
  readonly reason: RefusalReason | UnknownRefusalReason;
  readonly detail: string;
  /** What the district refused: what the relay held of the record and the district did not. */
  readonly change: Uint8Array;
  /**
   * The district holds nothing of the record (a new record refused whole): a tablet
   * told of it keeps nothing of it either, whatever the relay still holds.
   */
  readonly whole: boolean;
  readonly at: number;
}

export interface LaterRefusals {
  /** Keeps a refusal for these tablets; the same change refused again keeps its id. */
  add(refusal: Omit<LaterRefusal, 'id'>, devices: readonly DeviceId[]): number;
  /**
   * The refusals `device` has not yet said it took, oldest first, within `maxBytes`
   * (at least one) and at most `maxCount`; `more` when others wait past them.
   */
  pending(device: DeviceId, maxBytes: number, maxCount: number): LaterPage;
  /** The device has quarantined these: they are not sent to it again. */
  taken(device: DeviceId, ids: readonly number[], at: number): void;
  /**
   * The district could not read its own copy of the record (`recordDamaged`): what the
   * relay pushed of it is held, to push again until the district takes or refuses it
   * (amendment 3), merged with what was held of the record before. Each such answer
   * counts a try; `retryAt(tries)` says when it is pushed again alone (amendment 8).
   * True when nothing of the record was held before.
   */
  hold(
    recordId: RecordId,
    update: Uint8Array,
    at: number,
    retryAt: (tries: number) => number,
  ): boolean;
  /** What is held, oldest first. */
  held(): readonly HeldPush[];
  /** The district took or refused it: no longer held. */
  release(recordId: RecordId): void;
  close(): void;
}

export interface HeldPush {
  readonly recordId: RecordId;
  readonly update: Uint8Array;
  /** When the relay first held it (ms): shown by its `/healthz` until released. */
  readonly since: number;
  /** How many times the district answered that it cannot read its copy. */
  readonly tries: number;
  /** When it is pushed again alone (ms; 0: at the next run). */
  readonly nextAt: number;
}

export interface LaterPage {
  readonly refusals: readonly LaterRefusal[];
  /** Refusals past the page wait for this device too. */
  readonly more: boolean;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS relay_refusals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL UNIQUE,
    record_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL,
    change BLOB NOT NULL,
    at INTEGER NOT NULL,
    whole INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE IF NOT EXISTS relay_refusal_devices (
    refusal_id INTEGER NOT NULL REFERENCES relay_refusals (id),
    device_id TEXT NOT NULL,
    taken_at INTEGER,
    PRIMARY KEY (refusal_id, device_id)
  );
  CREATE TABLE IF NOT EXISTS relay_held_pushes (
    record_id TEXT PRIMARY KEY,
    update_bytes BLOB NOT NULL,
    at INTEGER NOT NULL,
    tries INTEGER NOT NULL DEFAULT 0,
    next_at INTEGER NOT NULL DEFAULT 0
  );
`;

interface HeldRow {
  record_id: string;
  update_bytes: Buffer;
  at: number;
  tries: number;
  next_at: number;
}

interface RefusalDbRow {
  id: number;
  record_id: string;
  reason: string;
  detail: string;
  change: Buffer;
  at: number;
  whole: number;
}

/** A relay's table from before `whole` (protocol 15's first build) gains it: those rows are not whole. */
function addWhole(db: BetterSqlite3.Database): void {
  const columns = db.pragma('table_info(relay_refusals)') as { name: string }[];
  if (!columns.some((c) => c.name === 'whole'))
    db.exec('ALTER TABLE relay_refusals ADD COLUMN whole INTEGER NOT NULL DEFAULT 0');
}

/**
 * A relay's held pushes from before their tries were counted (amendment 8) gain the
 * columns: those rows have no try counted and are pushed at the next run.
 */
function addTries(db: BetterSqlite3.Database): void {
  const columns = db.pragma('table_info(relay_held_pushes)') as { name: string }[];
  if (!columns.some((c) => c.name === 'tries'))
    db.exec('ALTER TABLE relay_held_pushes ADD COLUMN tries INTEGER NOT NULL DEFAULT 0');
  if (!columns.some((c) => c.name === 'next_at'))
    db.exec('ALTER TABLE relay_held_pushes ADD COLUMN next_at INTEGER NOT NULL DEFAULT 0');
}

export function openLaterRefusals(dataDir: string): LaterRefusals {
  const db = new BetterSqlite3(join(dataDir, SQLITE_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  addWhole(db);
  addTries(db);
  const insert = db.prepare(
    `INSERT INTO relay_refusals (key, record_id, reason, detail, change, at, whole)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
  );
  const byKey = db.prepare('SELECT id FROM relay_refusals WHERE key = ?');
  const tell = db.prepare(
    `INSERT INTO relay_refusal_devices (refusal_id, device_id) VALUES (?, ?)
     ON CONFLICT DO NOTHING`,
  );
  const waiting = db.prepare(
    `SELECT r.id, r.record_id, r.reason, r.detail, r.change, r.at, r.whole FROM relay_refusals r
     JOIN relay_refusal_devices d ON d.refusal_id = r.id
     WHERE d.device_id = ? AND d.taken_at IS NULL ORDER BY r.id`,
  );
  const took = db.prepare(
    `UPDATE relay_refusal_devices SET taken_at = ?
     WHERE refusal_id = ? AND device_id = ? AND taken_at IS NULL`,
  );
  const add = db.transaction((r: Omit<LaterRefusal, 'id'>, devices: readonly DeviceId[]) => {
    const key = `${r.recordId}:${createHash('sha256').update(r.change).digest('base64url')}`;
    insert.run(key, r.recordId, r.reason, r.detail, Buffer.from(r.change), r.at, r.whole ? 1 : 0);
    const { id } = byKey.get(key) as { id: number };
    for (const d of devices) tell.run(id, d);
    return id;
  });
  const holding = db.prepare(
    'SELECT update_bytes, tries FROM relay_held_pushes WHERE record_id = ?',
  );
  const hold = db.prepare(
    `INSERT INTO relay_held_pushes (record_id, update_bytes, at, tries, next_at)
     VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (record_id) DO UPDATE SET update_bytes = excluded.update_bytes,
       tries = excluded.tries, next_at = excluded.next_at`,
  );
  const heldRows = db.prepare(
    `SELECT record_id, update_bytes, at, tries, next_at FROM relay_held_pushes
     ORDER BY at, record_id`,
  );
  const release = db.prepare('DELETE FROM relay_held_pushes WHERE record_id = ?');
  return {
    add: (refusal, devices) => add.immediate(refusal, devices),
    hold: (recordId, update, at, retryAt) =>
      db
        .transaction(() => {
          const before = holding.get(recordId) as
            { update_bytes: Buffer; tries: number } | undefined;
          const merged =
            before === undefined
              ? update
              : Y.mergeUpdates([new Uint8Array(before.update_bytes), update]);
          const tries = (before?.tries ?? 0) + 1;
          hold.run(recordId, Buffer.from(merged), at, tries, retryAt(tries));
          return before === undefined;
        })
        .immediate(),
    held: () =>
      (heldRows.all() as HeldRow[]).map((r) => ({
        recordId: r.record_id as RecordId,
        update: new Uint8Array(r.update_bytes),
        since: r.at,
        tries: r.tries,
        nextAt: r.next_at,
      })),
    release: (recordId) => {
      release.run(recordId);
    },
    pending: (device, maxBytes, maxCount) => {
      const out: LaterRefusal[] = [];
      let bytes = 0;
      for (const row of waiting.iterate(device) as IterableIterator<RefusalDbRow>) {
        bytes += row.change.byteLength + row.detail.length;
        // Returning from the loop ends the statement's iteration.
        if (out.length > 0 && (bytes > maxBytes || out.length >= maxCount))
          return { refusals: out, more: true };
        out.push({
          id: row.id,
          recordId: row.record_id as RecordId,
          reason: row.reason as LaterRefusal['reason'],
          detail: row.detail,
          change: new Uint8Array(row.change),
          whole: row.whole === 1,
          at: row.at,
        });
      }
      return { refusals: out, more: false };
    },
    taken: (device, ids, at) => {
      db.transaction(() => {
        for (const id of ids) took.run(at, id, device);
      }).immediate();
    },
    close: () => db.close(),
  };
}
