import 'fake-indexeddb/auto';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { eventsArray, loadRecordDoc } from '@doc/record-doc.ts';
import { asPersonId, type RecordId } from '@domain/ids.ts';
import { lastLogAlarm, readLogWatch } from '@storage/sync/log-watch.ts';
import { createFile, finaliseDraft, markOpened, saveDraft, sendRecord } from '@storage/services.ts';
import type { LogAlarm } from '@doc/log-check.ts';
import {
  createClock,
  createDevice,
  snapshotDevice,
  syncUntilClean,
  type Clock,
  type TestDevice,
} from './sync-harness.ts';
import {
  editNoting,
  positionsOf,
  recomputeTree,
  startTamperableServer,
  swapPositions,
  type TamperableServer,
} from './merkle-tamper.ts';
import { SQLITE_FILE } from '../../sync-server/storage/sqlite.ts';
import { mulberry32 } from './sync-random.ts';

/**
 * Issue 14, "a log that can only grow", against a real server with SQLite on
 * disk: someone with the database file deletes a log entry, reorders entries
 * or edits a noting, and recomputes the Merkle tree so the server's own log is
 * consistent with the change. A tablet that synced before notices at its next
 * sync, names what it found, shows the alarm and keeps its own copy: nothing
 * of that response is applied. Honest syncs, restarts included, never alarm.
 */

let server: TamperableServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

function must<T>(outcome: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!outcome.ok) throw new Error(`service refused: ${outcome.error}`);
  return outcome.value;
}

interface Story {
  readonly clock: Clock;
  readonly random: () => number;
  readonly server: TamperableServer;
  readonly clerk: TestDevice;
  readonly tehsildar: TestDevice;
  readonly fileId: RecordId;
}

/** The clerk puts up a file, the tehsildar rejects it; both tablets synced. */
async function story(seed: number): Promise<Story> {
  const clock = createClock();
  const random = mulberry32(seed);
  server = await startTamperableServer(clock, random);
  const clerk = await createDevice(server, 'clerk.vikasnagar', clock, random);
  const tehsildar = await createDevice(server, 'tehsildar.vikasnagar', clock, random);
  const file = must(
    await createFile(clerk.ctx, { subject: 'Boundary dispute, Kalsi', category: 'landRecords' }),
  );
  must(await saveDraft(clerk.ctx, file.id, 'Survey report received; put up for orders.'));
  must(await finaliseDraft(clerk.ctx, file.id));
  must(
    await sendRecord(clerk.ctx, file.id, {
      to: asPersonId('tehsildar.vikasnagar'),
      remarks: 'please see',
      dueDate: '2026-06-10',
      priority: 'normal',
    }),
  );
  await syncUntilClean(clerk);
  await syncUntilClean(tehsildar);
  clock.advance(60_000);
  must(await markOpened(tehsildar.ctx, file.id));
  must(await saveDraft(tehsildar.ctx, file.id, 'REJECTED: boundary not verified.'));
  must(await finaliseDraft(tehsildar.ctx, file.id));
  await syncUntilClean(tehsildar);
  await syncUntilClean(clerk);
  return { clock, random, server, clerk, tehsildar, fileId: file.id };
}

/** Syncs once and checks the alarm is named, shown, recorded, and nothing was applied. */
async function expectAlarm(s: Story, device: TestDevice, alarm: LogAlarm): Promise<void> {
  const before = await snapshotDevice(device, s.clock.now());
  const cursor = await device.db.kv.get('cursor');
  const kept = (await readLogWatch(device.db)).head;
  const outcome = await device.engine.syncNow();
  expect(outcome).toEqual({ kind: 'logAlarm', alarm });
  expect(device.engine.status.getSnapshot()).toMatchObject({ state: 'logAlarm', logAlarm: alarm });
  expect((await lastLogAlarm(device.db))?.alarm).toBe(alarm);
  expect(await snapshotDevice(device, s.clock.now())).toEqual(before);
  expect(await device.db.kv.get('cursor')).toEqual(cursor);
  expect((await readLogWatch(device.db)).head).toEqual(kept);
}

/** The record's events as the server stores them (read beside the running server). */
function storedText(server: TamperableServer, id: RecordId): string {
  const db = new BetterSqlite3(join(server.dataDir, SQLITE_FILE), { readonly: true });
  try {
    const rows = db.prepare('SELECT bytes FROM updates WHERE record_id = ?').pluck().all(id);
    const doc = loadRecordDoc((rows as Buffer[]).map((b) => new Uint8Array(b)));
    const text = JSON.stringify(eventsArray(doc).toJSON());
    doc.destroy();
    return text;
  } finally {
    db.close();
  }
}

const notingTexts = (snapshot: Awaited<ReturnType<typeof snapshotDevice>>, id: RecordId) =>
  JSON.stringify(snapshot.get(id)?.content);

describe('a server log that can only grow', () => {
  it('honest syncs, server restarts and new tablets never alarm; heads only grow', async () => {
    const s = await story(11);
    const naib = await createDevice(s.server, 'naib.vikasnagar', s.clock, s.random);
    const sizes: number[] = [];
    for (let round = 0; round < 3; round++) {
      must(await createFile(naib.ctx, { subject: `Tour note ${round}`, category: 'others' }));
      must(await saveDraft(s.clerk.ctx, s.fileId, `Reminder ${round}`));
      for (const d of [naib, s.clerk, s.tehsildar]) {
        const outcome = await d.engine.syncNow();
        expect(outcome.kind).toBe('synced');
        expect(d.engine.status.getSnapshot().logAlarm).toBeUndefined();
      }
      sizes.push((await readLogWatch(s.tehsildar.db)).head?.size ?? 0);
      if (round < 2) await s.server.restart();
    }
    expect(sizes[0]).toBeGreaterThan(0);
    expect(sizes[1]).toBeGreaterThan(sizes[0] as number);
    expect(sizes[2]).toBeGreaterThan(sizes[1] as number);
    expect(await lastLogAlarm(s.clerk.db)).toBeNull();
  });

  it('a deleted entry: the log shrank, and after new work it no longer extends what was checked', async () => {
    const s = await story(12);
    await s.server.stop();
    s.server.tamper((db) => {
      const positions = positionsOf(db, s.fileId);
      db.prepare('DELETE FROM event_log WHERE pos = ?').run(positions[positions.length - 1]);
      recomputeTree(db);
    });
    await s.server.start();
    await expectAlarm(s, s.clerk, 'logShrank');
    // Others keep working: the log grows past the size the tehsildar's tablet checked.
    const naib = await createDevice(s.server, 'naib.vikasnagar', s.clock, s.random);
    for (let i = 0; i < 3; i++)
      must(await createFile(naib.ctx, { subject: `New file ${i}`, category: 'others' }));
    await syncUntilClean(naib);
    await expectAlarm(s, s.tehsildar, 'logInconsistent');
    // The next sync finds it again: the alarm stays until the server is put right.
    await expectAlarm(s, s.clerk, 'logInconsistent');
  });

  it('reordered entries: same size, another root', async () => {
    const s = await story(13);
    await s.server.stop();
    s.server.tamper((db) => {
      const positions = positionsOf(db, s.fileId);
      swapPositions(db, positions[1] as number, positions[positions.length - 1] as number);
      recomputeTree(db);
    });
    await s.server.start();
    await expectAlarm(s, s.clerk, 'logRootChanged');
    await expectAlarm(s, s.tehsildar, 'logRootChanged');
  });

  it('an edited noting whose hash is recomputed: detected, and the tablet keeps REJECTED', async () => {
    const s = await story(14);
    await s.server.stop();
    s.server.tamper((db) => {
      editNoting(db, s.fileId, 'REJECTED', 'APPROVED');
      recomputeTree(db);
    });
    await s.server.start();
    await expectAlarm(s, s.clerk, 'logRootChanged');
    const kept = await snapshotDevice(s.clerk, s.clock.now());
    expect(notingTexts(kept, s.fileId)).toContain('REJECTED');
    expect(notingTexts(kept, s.fileId)).not.toContain('APPROVED');
    // The change is real: what the server now serves for the record says APPROVED.
    expect(storedText(s.server, s.fileId)).toContain('APPROVED');
    expect(storedText(s.server, s.fileId)).not.toContain('REJECTED');
  });

  it('a server with another log key: the head signature fails', async () => {
    const s = await story(15);
    await s.server.stop();
    const { rmSync } = await import('node:fs');
    rmSync(`${s.server.dataDir}/log-signing-key.pem`);
    await s.server.start();
    await expectAlarm(s, s.clerk, 'headSignature');
  });
});
