import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendEvents } from '@doc/record-doc.ts';
import type { RecordEvent } from '@domain/events.ts';
import { formatHlc } from '@domain/hlc.ts';
import { asEventId } from '@domain/ids.ts';
import { KV_KEYS, openDb, readKv } from '@storage/db/db.ts';
import { loadRecordDoc } from '@storage/db/record-store.ts';
import { createFile, finaliseDraft, recordStateQuery, saveDraft } from '@storage/services.ts';
import { createSyncPort } from '@storage/sync/sync-store.ts';
import { clerk, fakeClock, must, testDevice, type TestDevice } from './helpers.ts';

/**
 * The device keeps the server's log entries (db v4 `logEntries`) and folds in
 * their order: an entry arriving through a pull, an ack or a refusal refreshes
 * the record's projection and state.
 */

const devices: TestDevice[] = [];
const clock = fakeClock();
afterEach(async () => {
  for (const d of devices.splice(0)) await d.db.delete();
});

function noting(n: number, wallMs: number): RecordEvent {
  return {
    id: asEventId(`00000000-0000-4000-8000-0000000007${String(n).padStart(2, '0')}`),
    type: 'noting',
    actor: clerk.id,
    hlc: formatHlc({ wallMs, counter: 0, node: 'other' }),
    deviceTime: wallMs,
    clockVerified: true,
    text: `n${n}`,
  };
}

describe('log entries on the device', () => {
  it('orders a record by the entries it pulls, and by its own acked entries', async () => {
    const dev = testDevice('log-entries', clock, { idPrefix: 3 });
    devices.push(dev);
    const c = dev.as(clerk);
    const file = must(await createFile(c, { subject: 'Khasra', category: 'landRecords' }));
    must(await saveDraft(c, file.id, 'mine'));
    must(await finaliseDraft(c, file.id));
    const port = createSyncPort(dev.db, clock.now);
    const doc = await loadRecordDoc(dev.db, file.id);
    const before = Y.encodeStateVector(doc);
    // Someone else's noting that claims to be from long ago, logged after mine.
    const old = noting(1, clock.now() - 30 * 86_400_000);
    appendEvents(doc, [old]);
    const update = Y.encodeStateAsUpdate(doc, before);
    const mine = (await recordStateQuery(dev.db, file.id, clock.now()))?.notes[0]?.eventId;
    expect(mine).toBeDefined();
    const at = clock.now();
    await port.saveLogged?.([
      {
        recordId: file.id,
        entries: [
          { eventId: file.id, pos: 1, receivedAt: at, notBefore: at - 1000 },
          { eventId: mine ?? '', pos: 2, receivedAt: at, notBefore: at - 1000 },
        ],
      },
    ]);
    await port.applyIncoming(
      [
        {
          seq: 7,
          recordId: file.id,
          update,
          entries: [{ eventId: old.id, pos: 3, receivedAt: at, notBefore: at - 1000 }],
        },
      ],
      7,
    );
    const state = await recordStateQuery(dev.db, file.id, clock.now());
    expect(state?.notes.map((n) => n.eventId)).toEqual([mine, old.id]);
    // Its claimed date lies outside what the server can vouch for: clamped, unverified.
    expect(state?.notes[1]).toMatchObject({ at: at - 1000, clockVerified: false });
    expect(await dev.db.logEntries.where('recordId').equals(file.id).count()).toBe(3);
  });

  it('upgrading to v4 keeps the records and drops the cursor, to pull them again with entries', async () => {
    const name = `log-entries-upgrade-${Math.random()}`;
    const v3 = new Dexie(name);
    v3.version(3).stores({ kv: 'key', updates: '++seq, recordId' });
    await v3.open();
    await v3.table('kv').bulkPut([
      { key: KV_KEYS.cursor, value: 42 },
      { key: KV_KEYS.generation, value: 2 },
    ]);
    await v3.table('updates').add({ recordId: 'r', update: Uint8Array.of(0, 0) });
    v3.close();
    const db = openDb(name);
    try {
      expect(await readKv(db, KV_KEYS.cursor)).toBeUndefined();
      expect(await readKv(db, KV_KEYS.generation)).toBe(2);
      expect(await db.updates.count()).toBe(1);
      expect(await db.logEntries.count()).toBe(0);
    } finally {
      await db.delete();
    }
  });
});
