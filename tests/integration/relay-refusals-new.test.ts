import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordId } from '@domain/ids.ts';
import { createFile, finaliseDraft, markOpened, saveDraft, sendRecord } from '@storage/services.ts';
import { listQuarantine } from '@storage/sync/sync-store.ts';
import { startRelayWorld, type RelayWorld } from './relay-refusals-world.ts';
import { eventually } from './sync-harness.ts';
import { CLERK, TEHSILDAR } from './tablet-harness.ts';

/**
 * A new file the district refuses whole no longer shows on the tablets told of it
 * as if the district had it (decision 0013), with real processes. With the WAN
 * down the clerk opens a file at the relay and sends it to the tehsildar, who
 * notes on it and sends it back; the relay takes all of it. The district revokes
 * the clerk's tablet meanwhile; when the WAN returns it refuses the new file whole
 * (its particulars are signed with the revoked key), with the tehsildar's noting
 * in it. The tehsildar's tablet, whose outbox the relay had emptied, finds the
 * whole file in its quarantine with the district's reason, and keeps no copy of
 * it: the district holds nothing of it. Nor does the relay, which took its own
 * copy back: it serves the file to no tablet.
 */

describe('a new file the district refuses whole, after the relay took it', () => {
  let world: RelayWorld;
  let fileId: RecordId;
  const NOTE = 'नामांतरण स्वीकृत करें';

  beforeAll(async () => {
    world = await startRelayWorld(1813);
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  it('with the WAN cut the relay takes the new file and the noting on it', async () => {
    const { clerk, tehsildar } = world;
    world.wan.cut();
    const c = await clerk.context();
    const file = await createFile(c, { subject: 'खसरा 52 नामांतरण', category: 'revenue' });
    if (!file.ok) throw new Error(file.error);
    fileId = file.value.id;
    const toTehsildar = { to: TEHSILDAR, remarks: 'अवलोकनार्थ', dueDate: null };
    expect((await sendRecord(c, fileId, { ...toTehsildar, priority: 'normal' })).ok).toBe(true);
    expect(await clerk.sync()).toBe('synced');
    expect(await tehsildar.sync()).toBe('synced');
    const t = await tehsildar.context();
    expect((await markOpened(t, fileId)).ok).toBe(true);
    expect((await saveDraft(t, fileId, NOTE)).ok).toBe(true);
    expect((await finaliseDraft(t, fileId)).ok).toBe(true);
    const back = { to: CLERK, remarks: 'आवश्यक कार्यवाही हेतु', dueDate: null };
    expect((await sendRecord(t, fileId, { ...back, priority: 'normal' })).ok).toBe(true);
    expect(await tehsildar.sync()).toBe('synced');
    expect(await tehsildar.db.outbox.count()).toBe(0);
    expect(await tehsildar.db.records.get(fileId)).toBeDefined();
  });

  it("puts the whole file in the tehsildar's quarantine and keeps no copy of it there", async () => {
    const { clerk, tehsildar } = world;
    await world.districtAdmin(['revoke-device', 'clerk.vikasnagar', clerk.deviceId]);
    world.wan.restore();
    await eventually(async () => /relay: kept refusal \d+ of /.test(world.relay.output()), 60_000);
    expect(await world.notesAtDistrict(fileId)).toBeNull();
    expect(await tehsildar.sync()).toBe('synced');
    const [item, ...more] = await listQuarantine(tehsildar.db);
    expect(more).toEqual([]);
    expect(item).toMatchObject({
      recordId: fileId,
      reason: 'keyRevoked',
      upstream: true,
      whole: true,
    });
    const texts = item?.events.flatMap((e) => ('text' in e ? [e.text] : [])) ?? [];
    expect(texts).toContain(NOTE);
    // Not shown as a file the district holds: the tablet has nothing of it left.
    expect(await tehsildar.db.records.get(fileId)).toBeUndefined();
    expect(await tehsildar.db.updates.where('recordId').equals(fileId).count()).toBe(0);
    expect(await tehsildar.sync()).toBe('synced');
    expect(await tehsildar.db.quarantine.count()).toBe(1);
    expect(await tehsildar.db.records.get(fileId)).toBeUndefined();
  });

  it('the relay no longer holds or serves the file: a tablet new to it pulls nothing of it', async () => {
    expect(await world.notesAtRelay(fileId)).toBeNull();
    expect(await world.notesAtDistrict(fileId)).toBeNull();
  });
});
