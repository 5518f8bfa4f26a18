import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { hlcWallMs } from '@domain/hlc.ts';
import { asOfficeId, asPersonId } from '@domain/ids.ts';
import { migrate, SCHEMA_VERSION } from '../../sync-server/storage/sqlite-migrations.ts';
import { openSqliteStorage, SQLITE_FILE } from '../../sync-server/storage/sqlite.ts';
import { append, newFile, notingEvent, sentEvent } from './server-sync-client.ts';

/**
 * Upgrading a server whose records predate its log (schema 5 → 6): every event
 * gets an entry in the order the fold used then, received at its claimed time
 * (legacy), travelling with the first stored row that holds it.
 */

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('server log migration', () => {
  it('backfills entries of existing records in their old order, at their claimed times', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'patravali-log-'));
    dirs.push(dir);
    const old = new BetterSqlite3(join(dir, SQLITE_FILE));
    migrate(old, 5);
    const file = newFile('clerk.vikasnagar', 'vikasnagar');
    const send = sentEvent('clerk.vikasnagar', 'naib.vikasnagar', null);
    const row1 = Y.mergeUpdates([file.update, append(file, [send])]);
    const later = notingEvent('naib.vikasnagar', 'बाद की टिप्पणी');
    // Stored second but claiming an earlier time than the send: the old fold put it first.
    const early = { ...notingEvent('naib.vikasnagar', 'पहले'), hlc: `000000000000001-000000-naib` };
    const row2 = append(file, [later, early]);
    const insert = old.prepare(
      `INSERT INTO updates (record_id, office, author, bytes, created_at) VALUES (?, 'vikasnagar', 'clerk.vikasnagar', ?, 1)`,
    );
    insert.run(file.id, Buffer.from(row1));
    insert.run(file.id, Buffer.from(row2));
    old.close();

    const storage = openSqliteStorage(dir);
    try {
      const log = await storage.recordLog(file.id);
      expect(log.map((e) => e.eventId)).toEqual([file.id, early.id, send.id, later.id]);
      for (const e of log) expect(e.receivedAt).toBe(e.notBefore);
      expect(log.find((e) => e.eventId === send.id)?.receivedAt).toBe(hlcWallMs(send.hlc));
      const scope = {
        kind: 'office' as const,
        office: asOfficeId('vikasnagar'),
        person: asPersonId('clerk.vikasnagar'),
      };
      const page = await storage.updatesSince(0, scope, 1e6);
      expect(page.updates.map((u) => u.entries?.map((e) => e.eventId))).toEqual([
        [file.id, send.id],
        [early.id, later.id],
      ]);
    } finally {
      await storage.close();
    }
    const upgraded = new BetterSqlite3(join(dir, SQLITE_FILE), { readonly: true });
    expect(upgraded.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(upgraded.prepare('SELECT DISTINCT legacy FROM event_log').pluck().all()).toEqual([1]);
    upgraded.close();
  });
});
