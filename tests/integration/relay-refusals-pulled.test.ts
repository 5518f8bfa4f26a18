import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordId } from '@domain/ids.ts';
import { createFile, sendRecord } from '@storage/services.ts';
import { listQuarantine } from '@storage/sync/sync-store.ts';
import { startRelayWorld, type RelayWorld } from './relay-refusals-world.ts';
import { eventually } from './sync-harness.ts';
import { TEHSILDAR, type Tablet } from './tablet-harness.ts';

/**
 * A file the district refuses whole leaves every tablet at the relay that holds a
 * copy, not only those whose work was in it (decision 0013, amendment 5), with
 * real processes. With the WAN down the clerk opens a file at the relay and sends
 * it to the tehsildar, whose tablet pulls it and does nothing more with it; the
 * kanungo's tablet, signed in before, does not sync meanwhile. The district
 * revokes the clerk's tablet and refuses the new file whole when the WAN returns.
 * Before, the tehsildar kept the file as if the district held it until she
 * changed it (then refused as missingDependencies, with a generic text).
 */

describe('a file the district refuses whole, on the tablets that only pulled it', () => {
  let world: RelayWorld;
  let kanungo: Tablet;
  let fileId: RecordId;

  beforeAll(async () => {
    world = await startRelayWorld(1817);
    kanungo = await world.signedInTablet('kanungo.vikasnagar');
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  it('with the WAN cut the clerk opens a file at the relay; the tehsildar pulls it', async () => {
    const { clerk, tehsildar } = world;
    world.wan.cut();
    const c = await clerk.context();
    const file = await createFile(c, { subject: 'खसरा 64 दाखिल ख़ारिज', category: 'revenue' });
    if (!file.ok) throw new Error(file.error);
    fileId = file.value.id;
    const move = {
      to: TEHSILDAR,
      remarks: 'अवलोकनार्थ',
      dueDate: null,
      priority: 'normal' as const,
    };
    expect((await sendRecord(c, fileId, move)).ok).toBe(true);
    expect(await clerk.sync()).toBe('synced');
    expect(await tehsildar.sync()).toBe('synced');
    expect(await tehsildar.db.records.get(fileId)).toBeDefined();
    expect(await tehsildar.db.outbox.count()).toBe(0);
  });

  it('the file leaves the tehsildar’s tablet for her list of refused changes', async () => {
    const { clerk, tehsildar } = world;
    await world.districtAdmin(['revoke-device', 'clerk.vikasnagar', clerk.deviceId]);
    world.wan.restore();
    await eventually(async () => /relay: kept refusal \d+ of /.test(world.relay.output()), 60_000);
    // Kept for the clerk's tablet (its work), the tehsildar's and the kanungo's (they may
    // have pulled it), so the kanungo's case below is one of a tablet told, not left out.
    expect(world.relay.output()).toMatch(new RegExp(`kept refusal \\d+ of ${fileId} for 3 tablet`));
    expect(await tehsildar.sync()).toBe('synced');
    const [item, ...more] = await listQuarantine(tehsildar.db);
    expect(more).toEqual([]);
    expect(item).toMatchObject({
      recordId: fileId,
      reason: 'keyRevoked',
      upstream: true,
      whole: true,
    });
    expect(item?.events.some((e) => e.type === 'sent')).toBe(true);
    expect(await tehsildar.db.records.get(fileId)).toBeUndefined();
    expect(await tehsildar.db.updates.where('recordId').equals(fileId).count()).toBe(0);
    // Told once: the next sync brings it no second time.
    expect(await tehsildar.sync()).toBe('synced');
    expect(await tehsildar.db.quarantine.count()).toBe(1);
  });

  it('a tablet that never had the file keeps nothing of its refusal', async () => {
    expect(await kanungo.sync()).toBe('synced');
    expect(await kanungo.db.quarantine.count()).toBe(0);
    expect(await kanungo.db.records.get(fileId)).toBeUndefined();
    expect(await kanungo.sync()).toBe('synced');
    expect(await kanungo.db.quarantine.count()).toBe(0);
  });
});
