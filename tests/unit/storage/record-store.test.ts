import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { asRecordId } from '@domain/ids.ts';
import { PROJECTION_VERSION } from '@domain/projection.ts';
import { openDeviceDb } from '@storage/db/device-db.ts';
import {
  loadRecordDoc,
  rebuildOlderRows,
  rebuildProjection,
  stateOfDoc,
} from '@storage/db/record-store.ts';
import {
  createFile,
  diariseReceipt,
  markOpened,
  park,
  putReceiptInFile,
  saveDraft,
  sendRecord,
} from '@storage/services.ts';
import {
  clerk,
  DAY,
  fakeClock,
  must,
  naib,
  tehsildar,
  testDevice,
  type TestDevice,
} from './helpers.ts';

const devices: TestDevice[] = [];
afterEach(async () => {
  for (const d of devices.splice(0)) await d.db.delete();
});

async function busyDevice(): Promise<TestDevice> {
  const clock = fakeClock();
  const dev = testDevice('record-store', clock);
  devices.push(dev);
  const c = dev.as(clerk);
  const f1 = must(await createFile(c, { subject: 'Khasra 112', category: 'landRecords' }));
  const f2 = must(await createFile(c, { subject: 'Pension Rawat', category: 'pensions' }));
  must(await saveDraft(c, f1.id, 'Please see.'));
  must(
    await sendRecord(c, f1.id, {
      to: tehsildar.id,
      remarks: 'r',
      dueDate: null,
      priority: 'normal',
    }),
  );
  clock.advance(DAY);
  must(await markOpened(dev.as(tehsildar), f1.id));
  must(
    await sendRecord(dev.as(tehsildar), f1.id, {
      to: naib.id,
      remarks: '',
      dueDate: '2026-05-01',
      priority: 'mostUrgent',
    }),
  );
  must(await park(c, f2.id, 'wait'));
  const r = must(
    await diariseReceipt(c, {
      from: 'DM',
      letterNumber: '1/DM',
      letterDate: '2026-03-01',
      subject: 'Census duty',
      category: 'establishment',
      mode: 'hand',
    }),
  );
  must(
    await putReceiptInFile(c, r.id, {
      newFile: { subject: 'Census 2026', category: 'establishment' },
    }),
  );
  return dev;
}

describe('projection', () => {
  it('rebuilding from the Yjs updates gives exactly the incrementally kept rows', async () => {
    const dev = await busyDevice();
    const incremental = await dev.db.records.orderBy('id').toArray();
    expect(incremental).toHaveLength(4);
    await dev.db.records.clear();
    await rebuildProjection(dev.db);
    expect(await dev.db.records.orderBy('id').toArray()).toEqual(incremental);
  });

  it('rows of an older projection version are rebuilt when the app opens the database', async () => {
    const dev = await busyDevice();
    const current = await dev.db.records.orderBy('id').toArray();
    expect(current.every((r) => r.version === PROJECTION_VERSION)).toBe(true);
    const [first, second] = current;
    if (first === undefined || second === undefined) throw new Error('fixture has records');
    // A row from before rows had a version (no spans either), and one of an older version.
    const { version: _v, spans: _s, ...beforeVersions } = first;
    await dev.db.records.put(beforeVersions as typeof first);
    await dev.db.records.update(second.id, { version: PROJECTION_VERSION - 1, holder: naib.id });
    const name = dev.db.name;
    dev.db.close();

    const reopened = openDeviceDb(name);
    try {
      // The first query already waits for the rebuild: nothing reads a row of another shape.
      expect(await reopened.records.orderBy('id').toArray()).toEqual(current);
      expect(await rebuildOlderRows(reopened)).toBe(0);
    } finally {
      reopened.close();
      await dev.db.open();
    }
  });

  it('a record doc loaded from the updates folds to the projected row', async () => {
    const dev = await busyDevice();
    for (const row of await dev.db.records.toArray()) {
      const doc = await loadRecordDoc(dev.db, row.id);
      const state = stateOfDoc(doc, 0);
      expect(state?.holder).toBe(row.holder);
      expect(state?.meta.number).toBe(row.number);
    }
  });
});

describe('local changes', () => {
  it('writes each local change once to updates and to the outbox, the same bytes', async () => {
    const dev = await busyDevice();
    const updates = await dev.db.updates.toArray();
    const outbox = await dev.db.outbox.toArray();
    expect(outbox.map((o) => [o.recordId, Array.from(o.update)])).toEqual(
      updates.map((u) => [u.recordId, Array.from(u.update)]),
    );
  });

  it('a failing step leaves nothing half-written', async () => {
    const dev = await busyDevice();
    const [file] = await dev.db.records.where('kind').equals('file').toArray();
    if (!file) throw new Error('fixture has a file');
    const before = {
      updates: await dev.db.updates.count(),
      outbox: await dev.db.outbox.count(),
      row: await dev.db.records.get(file.id),
      kv: await dev.db.kv.toArray(),
    };
    // The outbox write fails after the update row was added in the same transaction.
    const failOutbox = (): never => {
      throw new Error('disk full');
    };
    dev.db.outbox.hook('creating', failOutbox);
    const r = await sendRecord(dev.as(file.holder === clerk.id ? clerk : naib), file.id, {
      to: tehsildar.id,
      remarks: 'x',
      dueDate: null,
      priority: 'normal',
    }).catch((e: unknown) => e);
    dev.db.outbox.hook('creating').unsubscribe(failOutbox);
    expect(r).toBeInstanceOf(Error);
    expect(await dev.db.updates.count()).toBe(before.updates);
    expect(await dev.db.outbox.count()).toBe(before.outbox);
    expect(await dev.db.records.get(file.id)).toEqual(before.row);
    expect(await dev.db.kv.toArray()).toEqual(before.kv);
  });

  it('writes nothing when a command is refused or adds nothing', async () => {
    const dev = await busyDevice();
    const before = { updates: await dev.db.updates.count(), outbox: await dev.db.outbox.count() };
    const id = asRecordId('00000000-0000-4000-8000-00000000ffff');
    expect(await park(dev.as(clerk), id)).toMatchObject({ ok: false, error: 'notFound' });
    const [file] = await dev.db.records.where('holder').equals(clerk.id).toArray();
    if (!file) throw new Error('fixture has a file held by the clerk');
    // Opening a record that is not awaiting me is a no-op, not a new update.
    expect(await markOpened(dev.as(clerk), file.id)).toMatchObject({ ok: true });
    expect(await dev.db.updates.count()).toBe(before.updates);
    expect(await dev.db.outbox.count()).toBe(before.outbox);
    expect(Y.encodeStateVector(await loadRecordDoc(dev.db, id))).toEqual(new Uint8Array([0]));
  });
});
