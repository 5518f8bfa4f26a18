import 'fake-indexeddb/auto';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendEvents, loadRecordDoc, readEvents } from '@doc/record-doc.ts';
import type { RecordEvent } from '@domain/events.ts';
import { asDeviceId, asPersonId, type RecordId } from '@domain/ids.ts';
import { openDb, type PatravaliDb } from '@storage/db/db.ts';
import { saveDeviceKeys } from '@storage/session/device-keys.ts';
import { listPullProblems } from '@storage/sync/pull-problems.ts';
import { stateOfDoc } from '@storage/db/record-store.ts';
import { createSyncPort } from '@storage/sync/sync-store.ts';
import { createSyncStatusStore } from '@sync/status.ts';
import { runSync } from '@sync/sync-run.ts';
import { SQLITE_FILE } from '../../sync-server/storage/sqlite.ts';
import { testKey } from '../unit/doc/signing-keys.ts';
import { deviceUuid, startTestServer, type TestServer } from './server-harness.ts';
import { sync } from './server-sync-client.ts';
import { CLERK, noting, signedFile, signInWith, TABLET, type Session } from './signed-client.ts';

/**
 * Issue 14 ("devices verify what they pull too") against a real server over a
 * real SQLite file: someone with access to the file edits a signed noting,
 * copies a signed event onto another record, or adds an event signed by a key
 * nobody registered. The naib's tablet (the real device store and sync
 * engine) syncs afterwards: it stores none of it, keeps its copy of the
 * record, names the problem, and keeps syncing the other records.
 */

const NAIB_TABLET = asDeviceId(deviceUuid(60));

interface Tablet {
  readonly db: PatravaliDb;
  sync(): Promise<void>;
  /** The texts of the record's note sheet on this tablet. */
  notes(recordId: RecordId): Promise<string[]>;
  /** Every event id the tablet holds for the record (note sheet or not). */
  eventIds(recordId: RecordId): Promise<string[]>;
  updateBytes(recordId: RecordId): Promise<number[][]>;
}

async function naibTablet(server: TestServer, session: Session): Promise<Tablet> {
  const db = openDb(`pull-verification-${NAIB_TABLET}`);
  await saveDeviceKeys(db, session.body.deviceKeys ?? []);
  const port = createSyncPort(db);
  const load = async (recordId: RecordId) =>
    loadRecordDoc(
      (await db.updates.where('recordId').equals(recordId).toArray()).map((r) => r.update),
    );
  return {
    db,
    async sync() {
      const outcome = await runSync({
        port,
        deviceId: NAIB_TABLET,
        getToken: () => session.token,
        status: createSyncStatusStore(),
        baseUrl: server.url,
        fetch,
        now: () => Date.now(),
        gzip: null,
      });
      expect(outcome.kind).toBe('synced');
    },
    async notes(recordId) {
      const doc = await load(recordId);
      return stateOfDoc(doc, Date.now())?.notes.map((n) => n.text) ?? [];
    },
    async eventIds(recordId) {
      return readEvents(await load(recordId)).map((e) => e.id);
    },
    async updateBytes(recordId) {
      const rows = await db.updates.where('recordId').equals(recordId).toArray();
      return rows.map((r) => [...r.update]);
    },
  };
}

describe('a tablet checks what it pulls', () => {
  let server: TestServer;
  let sqlite: BetterSqlite3.Database;
  let clerk: Session;
  let tablet: Tablet;
  const clerkKey = testKey(CLERK, TABLET);

  const push = async (recordId: RecordId, update: Uint8Array) =>
    (await sync(server.url, clerk.token, clerk.deviceId, 0, [{ ref: 1, recordId, update }]))
      .response;

  /** What an intruder with the SQLite file does: add a row to a record's stored updates. */
  const insertRow = (recordId: RecordId, bytes: Uint8Array): void => {
    sqlite
      .prepare(
        `INSERT INTO updates (record_id, office, author, bytes, created_at)
         VALUES (?, 'vikasnagar', 'clerk.vikasnagar', ?, ?)`,
      )
      .run(recordId, Buffer.from(bytes), server.clock.now);
  };

  /**
   * What an intruder with the SQLite file does to a signed noting: rewrite its text in
   * the stored Yjs update, signature untouched. Same length in UTF-8, so the row stays
   * a well-formed update. Returns how many rows changed.
   */
  const editStoredText = (recordId: RecordId, from: string, to: string): number => {
    const rows = sqlite
      .prepare('SELECT seq, bytes FROM updates WHERE record_id = ?')
      .all(recordId) as { seq: number; bytes: Buffer }[];
    let changed = 0;
    for (const row of rows) {
      const at = row.bytes.indexOf(from);
      if (at < 0) continue;
      const bytes = Buffer.from(row.bytes);
      bytes.write(to, at);
      sqlite.prepare('UPDATE updates SET bytes = ? WHERE seq = ?').run(bytes, row.seq);
      changed++;
    }
    return changed;
  };

  /** A file the clerk signs and pushes, which the tablet then pulls. */
  const pushedFile = async (first: string) => {
    const file = signedFile(clerkKey);
    const event = clerkKey.signEvent(file.meta, file.events, noting(CLERK, TABLET, first));
    const update = Y.mergeUpdates([file.update, file.append(event)]);
    expect((await push(file.meta.id, update)).acks).toEqual([1]);
    return file;
  };

  beforeAll(async () => {
    server = await startTestServer();
    const c = await signInWith(server.url, 'clerk.vikasnagar', TABLET, clerkKey);
    const n = await signInWith(server.url, 'naib.vikasnagar', NAIB_TABLET, null);
    expect([c.status, n.status]).toEqual([201, 201]);
    clerk = { token: c.body.token, deviceId: TABLET, body: c.body };
    tablet = await naibTablet(server, { token: n.body.token, deviceId: NAIB_TABLET, body: n.body });
    sqlite = new BetterSqlite3(join(server.config.dataDir, SQLITE_FILE));
  });
  afterAll(async () => {
    sqlite.close();
    tablet.db.close();
    await server.stop();
  });

  it('a noting edited in the SQLite file from REJECTED to APPROVED is not shown', async () => {
    const file = await pushedFile('प्रस्तुत / submitted');
    await tablet.sync();
    expect(await tablet.notes(file.meta.id)).toEqual(['प्रस्तुत / submitted']);
    const held = await tablet.updateBytes(file.meta.id);
    const control = await pushedFile('control file');

    const rejected = clerkKey.signEvent(file.meta, file.events, noting(CLERK, TABLET, 'REJECTED'));
    expect((await push(file.meta.id, file.append(rejected))).acks).toEqual([1]);
    expect(editStoredText(file.meta.id, 'REJECTED', 'APPROVED')).toBe(1);
    const rows = sqlite
      .prepare('SELECT bytes FROM updates WHERE record_id = ? ORDER BY seq')
      .all(file.meta.id) as { bytes: Buffer }[];
    const tampered = new Y.Doc();
    Y.applyUpdate(tampered, Y.mergeUpdates(rows.map((r) => new Uint8Array(r.bytes))));
    const texts = readEvents(tampered).map((e) => (e.type === 'noting' ? e.text : ''));
    expect(texts).toContain('APPROVED');
    expect(texts).not.toContain('REJECTED');
    const more = clerkKey.signEvent(control.meta, control.events, noting(CLERK, TABLET, 'आगे'));
    expect((await push(control.meta.id, control.append(more))).acks).toEqual([1]);

    await tablet.sync();
    expect(await tablet.notes(file.meta.id)).toEqual(['प्रस्तुत / submitted']);
    expect(await tablet.updateBytes(file.meta.id)).toEqual(held);
    expect(await tablet.eventIds(file.meta.id)).not.toContain(rejected.id);
    const problems = await listPullProblems(tablet.db);
    expect(problems.find((p) => p.recordId === file.meta.id)).toMatchObject({
      problem: 'alteredBytes',
      reason: 'signatureInvalid',
      detail: `event ${rejected.id}: its words do not match its signature`,
    });
    // Other records keep syncing.
    expect(await tablet.notes(control.meta.id)).toEqual(['control file', 'आगे']);
    expect(problems.map((p) => p.recordId)).not.toContain(control.meta.id);
    // Syncing again changes nothing: the record stays held with its problem.
    await tablet.sync();
    expect(await tablet.notes(file.meta.id)).toEqual(['प्रस्तुत / submitted']);
  });

  /** Appends `event` to the server's copy of `file` as a new stored row, bypassing every check. */
  const smuggle = (file: Awaited<ReturnType<typeof pushedFile>>, event: RecordEvent): void => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, file.state());
    const before = Y.encodeStateVector(doc);
    appendEvents(doc, [event]);
    insertRow(file.meta.id, Y.encodeStateAsUpdate(doc, before));
  };

  it.each([
    ['a signed event copied from another record', 'brokenChain', 'prevMissing'],
    ['an event signed by a key nobody registered', 'unknownKey', 'keyUnknown'],
  ] as const)('%s is named and stored nowhere', async (_what, problem, reason) => {
    const source = await pushedFile('स्वीकृत। आदेश जारी करें।');
    const target = await pushedFile('लक्ष्य पत्रावली');
    await tablet.sync();
    const held = await tablet.updateBytes(target.meta.id);
    const intruder = testKey(CLERK, TABLET, 'Ed25519', 'an unregistered key');
    const event =
      problem === 'brokenChain'
        ? (source.events[0] as RecordEvent)
        : intruder.signEvent(target.meta, target.events, noting(CLERK, TABLET, 'APPROVED'));
    smuggle(target, event);

    await tablet.sync();
    expect(await tablet.eventIds(target.meta.id)).not.toContain(event.id);
    expect(await tablet.updateBytes(target.meta.id)).toEqual(held);
    expect(await tablet.notes(target.meta.id)).toEqual(['लक्ष्य पत्रावली']);
    const found = (await listPullProblems(tablet.db)).find((p) => p.recordId === target.meta.id);
    expect(found).toMatchObject({ problem, reason });
    expect(await tablet.notes(source.meta.id)).toEqual(['स्वीकृत। आदेश जारी करें।']);
  });

  it('learns a key registered after its sign-in and stores what it signed', async () => {
    const lateDevice = deviceUuid(61);
    const lateKey = testKey(asPersonId('tehsildar.vikasnagar'), lateDevice, 'P-256');
    const t = await signInWith(server.url, 'tehsildar.vikasnagar', lateDevice, lateKey);
    expect(t.status).toBe(201);
    const file = signedFile(lateKey, lateDevice);
    const event = lateKey.signEvent(
      file.meta,
      file.events,
      noting(asPersonId('tehsildar.vikasnagar'), lateDevice, 'नया टैबलेट'),
    );
    const update = Y.mergeUpdates([file.update, file.append(event)]);
    const pushed = await sync(server.url, t.body.token, lateDevice, 0, [
      { ref: 1, recordId: file.meta.id, update },
    ]);
    expect(pushed.response.acks).toEqual([1]);
    await tablet.sync();
    expect(await tablet.notes(file.meta.id)).toEqual(['नया टैबलेट']);
    const problems = await listPullProblems(tablet.db);
    expect(problems.map((p) => p.recordId)).not.toContain(file.meta.id);
  });
});
