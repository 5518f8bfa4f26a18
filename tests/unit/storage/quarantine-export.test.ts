import 'fake-indexeddb/auto';
import { fromBase64 } from 'lib0/buffer';
import { afterEach, describe, expect, it } from 'vitest';
import { createFile, saveDraft, sendRecord } from '@storage/services.ts';
import { exportQuarantine } from '@storage/backup/quarantine-export.ts';
import { quarantineExportJson, quarantineFileName } from '@storage/backup/quarantine-file.ts';
import { ensureDeviceId } from '@storage/session/session.ts';
import { createSyncPort } from '@storage/sync/sync-store.ts';
import { clerk, fakeClock, must, tehsildar, testDevice, type TestDevice } from './helpers.ts';

const devices: TestDevice[] = [];
afterEach(async () => {
  for (const d of devices.splice(0)) await d.db.delete();
});

describe('exportQuarantine', () => {
  it('lists each refused change with number, reason, detail, time and the update', async () => {
    const clock = fakeClock();
    const dev = testDevice('quarantine-export', clock);
    devices.push(dev);
    const c = dev.as(clerk);
    await ensureDeviceId(dev.db, () => 'eeeeeeee-0000-4000-8000-000000000009');
    // A new file the server refuses outright: reset to nothing, so its number
    // must come from the refused change itself.
    const gone = must(await createFile(c, { subject: 'Forged', category: 'others' }));
    // A file the server knows: reset to its state, number from the projection.
    const kept = must(await createFile(c, { subject: 'Khasra 7', category: 'landRecords' }));
    const port = createSyncPort(dev.db, clock.now);
    const first = await port.takeOutgoing(1 << 20);
    const keptState = first.find((o) => o.recordId === kept.id)!.update;
    await port.acknowledge(first.filter((o) => o.recordId === kept.id).map((o) => o.ref));
    await port.quarantine(
      first.find((o) => o.recordId === gone.id)!.ref,
      gone.id,
      'outOfScope',
      'office',
      new Uint8Array(),
    );
    clock.advance(60_000);
    must(await saveDraft(c, kept.id, 'x'));
    must(
      await sendRecord(c, kept.id, {
        to: tehsildar.id,
        remarks: '',
        dueDate: null,
        priority: 'normal',
      }),
    );
    const second = await port.takeOutgoing(1 << 20);
    await port.quarantine(second[0]!.ref, kept.id, 'actorMismatch', 'not you', keptState);

    const doc = await exportQuarantine(dev.db, { now: clock.now(), appVersion: '0.1.0' });

    expect(doc).toMatchObject({
      kind: 'patravali-quarantine',
      formatVersion: 1,
      exportedAt: new Date(clock.now()).toISOString(),
      appVersion: '0.1.0',
      deviceId: 'eeeeeeee-0000-4000-8000-000000000009',
    });
    expect(doc.entries.map((e) => [e.recordId, e.number, e.subject, e.reason, e.detail])).toEqual([
      [gone.id, gone.number, 'Forged', 'outOfScope', 'office'],
      [kept.id, kept.number, 'Khasra 7', 'actorMismatch', 'not you'],
    ]);
    const rows = await dev.db.quarantine.orderBy('at').toArray();
    doc.entries.forEach((e, i) => {
      expect(fromBase64(e.update)).toEqual(rows[i]!.update);
      expect(e.updateBytes).toBe(rows[i]!.update.byteLength);
      expect(e.atIso).toBe(new Date(rows[i]!.at).toISOString());
    });
    expect(JSON.parse(quarantineExportJson(doc))).toEqual(doc);
    expect(quarantineFileName(Date.UTC(2026, 3, 1, 5))).toBe(
      'patravali-quarantine-2026-04-01.json',
    );
  });

  it('an empty quarantine exports an empty list', async () => {
    const dev = testDevice('quarantine-export', fakeClock());
    devices.push(dev);
    const doc = await exportQuarantine(dev.db, { now: 0 });
    expect(doc.entries).toEqual([]);
    expect(doc.deviceId).toBeNull();
    expect(doc.appVersion).toBeNull();
  });
});
