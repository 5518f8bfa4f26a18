import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '@storage/db/db.ts';
import { loadRecordDoc, recordTables, refreshProjection } from '@storage/db/record-store.ts';
import { changeRecipientGroup, officeGroupsQuery, saveRecipientGroup } from '@storage/services.ts';
import {
  clerk,
  fakeClock,
  must,
  naib,
  sdm,
  tehsildar,
  testDevice,
  type TestDevice,
} from './helpers.ts';

/**
 * Saved groups of recipients on the device (decision 0014): a command makes, renames,
 * changes and deletes one, each a change in the outbox; a group has no projection or
 * search rows, only its row in `groups` (Dexie v13), which a pulled update writes too;
 * upgrading a v12 database keeps what it held and adds the empty table.
 */

const devices: TestDevice[] = [];
const clock = fakeClock();
afterEach(async () => {
  for (const d of devices.splice(0)) await d.db.delete();
});

describe('saved groups on the device', () => {
  it('are made, changed and deleted offline, each change waiting in the outbox', async () => {
    const dev = testDevice('groups', clock);
    devices.push(dev);
    const ctx = dev.as(clerk);
    const id = must(
      await saveRecipientGroup(ctx, { name: '  Revenue ', members: [naib.id, tehsildar.id] }),
    );
    expect(await officeGroupsQuery(dev.db, clerk.office)).toMatchObject([
      {
        id,
        name: 'Revenue',
        members: [naib.id, tehsildar.id],
        deleted: false,
        createdBy: clerk.id,
      },
    ]);
    // No inbox, search or pendency row: a group is not a file.
    expect(await dev.db.records.count()).toBe(0);
    expect(await dev.db.searchHeads.count()).toBe(0);
    must(await changeRecipientGroup(dev.as(sdm), id, { name: 'Revenue officers' }));
    must(await changeRecipientGroup(ctx, id, { members: [sdm.id] }));
    expect(await officeGroupsQuery(dev.db, clerk.office)).toMatchObject([
      { name: 'Revenue officers', members: [sdm.id], changedBy: clerk.id },
    ]);
    expect(await dev.db.outbox.where('recordId').equals(id).count()).toBe(3);
    must(await changeRecipientGroup(ctx, id, { deleted: true }));
    expect(await officeGroupsQuery(dev.db, clerk.office)).toEqual([]);
    expect(await changeRecipientGroup(ctx, id, { name: 'Again' })).toMatchObject({
      ok: false,
      error: 'groupInvalid',
    });
    expect(await dev.db.outbox.where('recordId').equals(id).count()).toBe(4);
  });

  it('refuses bad input with a reason and stores nothing', async () => {
    const dev = testDevice('groups-bad', clock);
    devices.push(dev);
    const ctx = dev.as(clerk);
    expect(await saveRecipientGroup(ctx, { name: ' ', members: [naib.id] })).toMatchObject({
      ok: false,
      error: 'invalidInput',
    });
    expect(await saveRecipientGroup(ctx, { name: 'Nobody', members: [] })).toMatchObject({
      ok: false,
      error: 'invalidInput',
    });
    expect(
      await saveRecipientGroup(ctx, {
        name: 'Ghost',
        members: [naib.id, 'nobody.here' as typeof naib.id],
      }),
    ).toMatchObject({ ok: false, error: 'groupInvalid' });
    expect(await dev.db.outbox.count()).toBe(0);
    expect(await dev.db.updates.count()).toBe(0);
    expect(await dev.db.groups.count()).toBe(0);
  });

  it('writes a pulled group’s row when the record’s rows are refreshed', async () => {
    const maker = testDevice('groups-maker', clock);
    const other = testDevice('groups-other', clock, { idPrefix: 2 });
    devices.push(maker, other);
    const id = must(
      await saveRecipientGroup(maker.as(clerk), { name: 'Revenue', members: [naib.id] }),
    );
    const doc = await loadRecordDoc(maker.db, id);
    const update = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    await other.db.transaction('rw', recordTables(other.db), async () => {
      await other.db.updates.add({ recordId: id, update });
      await refreshProjection(other.db, id);
    });
    expect(await officeGroupsQuery(other.db, clerk.office)).toMatchObject([
      { id, name: 'Revenue', members: [naib.id] },
    ]);
    expect(await other.db.records.count()).toBe(0);
  });

  it('upgrading a v12 database keeps its records and adds the empty groups table', async () => {
    const name = `groups-upgrade-${Math.random()}`;
    const v12 = new Dexie(name);
    v12.version(12).stores({ updates: '++seq, recordId' });
    await v12.open();
    await v12.table('updates').add({ recordId: 'r', update: Uint8Array.of(0, 0) });
    v12.close();
    const db = openDb(name);
    try {
      expect(await db.updates.count()).toBe(1);
      expect(await db.groups.count()).toBe(0);
      expect(db.verno).toBeGreaterThanOrEqual(13);
    } finally {
      await db.delete();
    }
  });
});
