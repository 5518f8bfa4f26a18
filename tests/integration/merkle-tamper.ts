import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import BetterSqlite3 from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import * as Y from 'yjs';
import { eventsArray, loadRecordDoc } from '@doc/record-doc.ts';
import { buildServer } from '../../sync-server/app.ts';
import { openSqliteStorage, SQLITE_FILE } from '../../sync-server/storage/sqlite.ts';
import { testServerSetup, type Clock, type TestServer } from './sync-harness.ts';
import { bundledJudging } from '../server-bundle.ts';

/**
 * A real server (Fastify, SQLite on disk) that can be stopped, have its
 * database changed by hand the way an insider with the file could, and be
 * started again on the same data directory, for the Merkle log tests.
 */

export interface TamperableServer extends TestServer {
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Runs `change` on the stopped server's database. */
  tamper(change: (db: BetterSqlite3.Database) => void): void;
}

export async function startTamperableServer(
  clock: Clock,
  random: () => number,
): Promise<TamperableServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'patravali-tamper-'));
  const { config, randomBytes } = testServerSetup(dataDir, random);
  let app: FastifyInstance | null = null;
  let origin = '';
  const start = async (): Promise<void> => {
    const storage = openSqliteStorage(dataDir);
    app = buildServer(config, { now: clock.now, randomBytes, storage, judging: bundledJudging() });
    await app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  };
  const stop = async (): Promise<void> => {
    await app?.close();
    app = null;
  };
  await start();
  return {
    origin: () => origin,
    dataDir,
    start,
    stop,
    async restart() {
      await stop();
      await start();
    },
    async close() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
    tamper(change) {
      if (app !== null) throw new Error('stop the server first');
      const db = new BetterSqlite3(join(dataDir, SQLITE_FILE));
      try {
        db.transaction(() => change(db))();
      } finally {
        db.close();
      }
    },
  };
}

/**
 * What an insider does after changing the log: throw the tree away so the
 * server builds it again from the changed entries at its next start.
 */
export function recomputeTree(db: BetterSqlite3.Database): void {
  db.exec('DELETE FROM merkle_nodes; UPDATE event_log SET leaf = NULL;');
}

/** Positions of the record's entries, in log order. */
export function positionsOf(db: BetterSqlite3.Database, recordId: string): number[] {
  return db
    .prepare('SELECT pos FROM event_log WHERE record_id = ? ORDER BY pos')
    .pluck()
    .all(recordId) as number[];
}

/** Swaps the log positions of two entries (the note sheet's order on the server). */
export function swapPositions(db: BetterSqlite3.Database, a: number, b: number): void {
  const move = db.prepare('UPDATE event_log SET pos = ? WHERE pos = ?');
  move.run(-1, a);
  move.run(a, b);
  move.run(b, -1);
}

/**
 * Edits a noting's text inside the stored record (every row of it replaced by
 * one snapshot under a fresh seq, so devices pull the change), the way
 * someone with the SQLite file turns "REJECTED" into "APPROVED".
 */
export function editNoting(
  db: BetterSqlite3.Database,
  recordId: string,
  from: string,
  to: string,
): void {
  const rows = db
    .prepare('SELECT bytes, office, author FROM updates WHERE record_id = ? ORDER BY seq')
    .all(recordId) as { bytes: Buffer; office: string; author: string }[];
  const doc = loadRecordDoc(rows.map((r) => new Uint8Array(r.bytes)));
  const events = eventsArray(doc);
  const at = events.toJSON().findIndex((e) => JSON.stringify(e).includes(from));
  if (at < 0) throw new Error(`no event with ${from}`);
  const edited = JSON.parse(JSON.stringify(events.get(at)).replace(from, to)) as unknown;
  doc.transact(() => {
    events.delete(at, 1);
    events.insert(at, [edited]);
  });
  const head = rows[rows.length - 1] as { office: string; author: string };
  db.prepare('DELETE FROM updates WHERE record_id = ?').run(recordId);
  const seq = db
    .prepare(
      'INSERT INTO updates (record_id, office, author, bytes, created_at) VALUES (?, ?, ?, ?, 0)',
    )
    .run(
      recordId,
      head.office,
      head.author,
      Buffer.from(Y.encodeStateAsUpdate(doc)),
    ).lastInsertRowid;
  db.prepare('UPDATE event_log SET seq = ? WHERE record_id = ?').run(seq, recordId);
  doc.destroy();
}
