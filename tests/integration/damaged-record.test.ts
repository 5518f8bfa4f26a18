import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { RecordId } from '@domain/ids.ts';
import { runAdmin, type AdminIo } from '../../sync-server/admin-commands.ts';
import { openSqliteStorage, SQLITE_FILE } from '../../sync-server/storage/sqlite.ts';
import type { ServerStorage } from '../../sync-server/storage/types.ts';
import { deviceUuid, signIn, startTestServer, type TestServer } from './server-harness.ts';
import { append, newFile, notingEvent, pullAll, stateOf, sync } from './server-sync-client.ts';

/**
 * Issue 15, item 6, against a real server and a real SQLite file with a
 * deliberately corrupted row: the damaged record fails alone (named
 * recordDamaged, nothing stored), every other record of the same request and
 * every pull still go through, and `npm run admin -- check-records` /
 * `repair-record` find it and rebuild it when its other rows hold everything
 * the server accepted, or quarantine it when they do not.
 */

const CLERK = 'clerk.vikasnagar';

describe('a damaged stored row stays contained', () => {
  let server: TestServer;
  let sqlite: BetterSqlite3.Database;
  let storage: ServerStorage;
  let token: string;
  let lines: string[] = [];
  const device = deviceUuid(70);
  const io = (): AdminIo => ({
    storage,
    now: () => server.clock.now,
    randomBytes: (n) => new Uint8Array(n).fill(3),
    scryptLogN: 10,
    out: (l) => lines.push(l),
    readSecret: async () => '',
  });
  const admin = async (...args: string[]) => {
    lines = [];
    return runAdmin(args, io());
  };
  const garbage = Buffer.from([0xff, 0xff, 0xff, 0x07, 0x01, 0x02]);
  const corrupt = (recordId: RecordId) =>
    sqlite.prepare('UPDATE updates SET bytes = ? WHERE record_id = ?').run(garbage, recordId);

  /** Two files pushed in one request; returns them. */
  const twoFiles = async () => {
    const a = newFile(CLERK, 'vikasnagar');
    const b = newFile(CLERK, 'vikasnagar');
    const { response } = await sync(server.url, token, device, 0, [
      { ref: 1, recordId: a.id, update: a.update },
      { ref: 2, recordId: b.id, update: b.update },
    ]);
    expect(response.acks).toEqual([1, 2]);
    return [a, b] as const;
  };

  beforeAll(async () => {
    server = await startTestServer();
    storage = openSqliteStorage(server.config.dataDir);
    sqlite = new BetterSqlite3(join(server.config.dataDir, SQLITE_FILE));
    token = (await signIn(server.url, CLERK, device)).body.token;
  });
  afterAll(async () => {
    sqlite.close();
    await storage.close();
    await server.stop();
  });

  it('refuses only the damaged record, by name; the rest of the request and pulls go through', async () => {
    const [a, b] = await twoFiles();
    corrupt(a.id);
    const ex = await sync(server.url, token, device, 0, [
      { ref: 3, recordId: a.id, update: append(a, [notingEvent(CLERK, 'टिप्पणी क')]) },
      { ref: 4, recordId: b.id, update: append(b, [notingEvent(CLERK, 'टिप्पणी ख')]) },
    ]);
    expect(ex.status).toBe(200);
    expect(ex.response.acks).toEqual([4]);
    expect(ex.response.refusals.map((r) => [r.recordId, r.reason])).toEqual([
      [a.id, 'recordDamaged'],
    ]);
    expect(ex.response.refusals[0]?.serverState).toEqual(new Uint8Array(0));
    expect((await storage.recordRows(a.id)).map((r) => Buffer.from(r.bytes))).toEqual([garbage]);
    // Another person's pull pages through the damaged row like any other.
    const naib = (await signIn(server.url, 'naib.vikasnagar', deviceUuid(71))).body.token;
    const pulled = await pullAll(server.url, naib, deviceUuid(71));
    expect(stateOf(pulled.byRecord.get(b.id) ?? [])?.notes.map((n) => n.text)).toEqual([
      'टिप्पणी ख',
    ]);
    expect(pulled.byRecord.get(a.id)?.map((u) => Buffer.from(u))).toEqual([garbage]);
  });

  it('check-records lists it; repair-record quarantines what cannot be rebuilt', async () => {
    const [a] = await twoFiles();
    corrupt(a.id);
    expect(await admin('check-records')).toBe(1);
    const line = lines.find((l) => l.startsWith(a.id));
    expect(line).toMatch(/damaged: row \d+: does not decode/);
    expect(line).toContain('cannot be rebuilt');
    expect(await admin('repair-record', a.id)).toBe(1);
    expect(lines.join('\n')).toContain(`record ${a.id} cannot be rebuilt`);
    expect(lines.join('\n')).toContain('It is quarantined');
    expect(await storage.quarantinedRecord(a.id)).toMatchObject({ at: server.clock.now });
    await admin('check-records');
    expect(lines.find((l) => l.startsWith(a.id))).toContain('damaged (quarantined)');
    const { response } = await sync(server.url, token, device, 0, [
      { ref: 5, recordId: a.id, update: append(a, [notingEvent(CLERK, 'फिर से')]) },
    ]);
    expect(response.refusals.map((r) => r.reason)).toEqual(['recordDamaged']);
  });

  it('repair-record rebuilds a record whose damaged row held nothing else had', async () => {
    const [, b] = await twoFiles();
    const noting = notingEvent(CLERK, 'बची हुई टिप्पणी');
    const pushed = await sync(server.url, token, device, 0, [
      { ref: 6, recordId: b.id, update: append(b, [noting]) },
    ]);
    expect(pushed.response.acks).toEqual([6]);
    // A damaged extra row (a torn write of a copy): the sound rows still hold everything.
    sqlite
      .prepare(
        `INSERT INTO updates (record_id, office, author, bytes, created_at)
         VALUES (?, 'vikasnagar', ?, ?, ?)`,
      )
      .run(b.id, CLERK, garbage, server.clock.now);
    const refused = await sync(server.url, token, device, 0, [
      { ref: 7, recordId: b.id, update: append(b, [notingEvent(CLERK, 'रुकी')]) },
    ]);
    expect(refused.response.refusals.map((r) => r.reason)).toEqual(['recordDamaged']);
    expect(await admin('check-records')).toBe(1);
    expect(lines.find((l) => l.startsWith(b.id))).toContain('can be rebuilt from its other rows');
    expect(await admin('repair-record', b.id)).toBe(0);
    expect(lines[0]).toMatch(new RegExp(`^rebuilt record ${b.id} from its sound rows`));
    const rows = await storage.recordRows(b.id);
    expect(rows).toHaveLength(1);
    expect(stateOf([rows[0]?.bytes ?? new Uint8Array()])?.notes.map((n) => n.text)).toEqual([
      'बची हुई टिप्पणी',
    ]);
    // The tablet sends its waiting change again, and now it is stored.
    const again = await sync(server.url, token, device, 0, [
      { ref: 8, recordId: b.id, update: Y.encodeStateAsUpdate(b.doc) },
    ]);
    expect(again.response.acks).toEqual([8]);
    const state = stateOf((await storage.recordRows(b.id)).map((r) => r.bytes));
    expect(state?.notes.map((n) => n.text)).toEqual(['बची हुई टिप्पणी', 'रुकी']);
    expect(await admin('repair-record', b.id)).toBe(0);
    expect(lines).toEqual([`record ${b.id} is not damaged; nothing to do`]);
  });
});
