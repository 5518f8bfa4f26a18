import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordId } from '@domain/ids.ts';
import { createFile, finaliseDraft, markOpened, saveDraft, sendRecord } from '@storage/services.ts';
import { startRelayWorld, type RelayWorld } from './relay-refusals-world.ts';
import { eventually } from './sync-harness.ts';
import { CLERK, TEHSILDAR } from './tablet-harness.ts';
import { syncRequestsIn } from './wan-sync-requests.ts';

/**
 * After the district refuses what the relay forwarded, the relay sets its copy of
 * the file back to the district's state (decision 0013); that copy is the
 * district's own, and the relay must not push it back upstream as its tablets'
 * work. With real processes: the file reaches the district; with the WAN cut the
 * tehsildar notes on it at the relay; the district revokes the tehsildar's tablet
 * and refuses the noting when the WAN returns. Every sync request the relay sends
 * over the WAN is read: only the refused one carries the file.
 */

describe('the relay does not push the district its own state back after a refusal', () => {
  let world: RelayWorld;
  let fileId: RecordId;

  beforeAll(async () => {
    world = await startRelayWorld(1815);
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  it('the file reaches the district; with the WAN cut the tehsildar notes on it', async () => {
    const { clerk, tehsildar } = world;
    const c = await clerk.context();
    const file = await createFile(c, { subject: 'खसरा 73 नामांतरण', category: 'revenue' });
    if (!file.ok) throw new Error(file.error);
    fileId = file.value.id;
    const move = { remarks: 'अवलोकनार्थ', dueDate: null, priority: 'normal' as const };
    expect((await sendRecord(c, fileId, { ...move, to: TEHSILDAR })).ok).toBe(true);
    expect(await clerk.sync()).toBe('synced');
    await eventually(async () => (await world.notesAtDistrict(fileId)) !== null, 30_000);
    world.wan.cut();
    expect(await tehsildar.sync()).toBe('synced');
    const t = await tehsildar.context();
    expect((await markOpened(t, fileId)).ok).toBe(true);
    expect((await saveDraft(t, fileId, 'मौका मुआयना कर रिपोर्ट दें')).ok).toBe(true);
    expect((await finaliseDraft(t, fileId)).ok).toBe(true);
    expect((await sendRecord(t, fileId, { ...move, to: CLERK })).ok).toBe(true);
    expect(await tehsildar.sync()).toBe('synced');
    expect(await tehsildar.db.outbox.count()).toBe(0);
  });

  it('pushes the file once, the refused time, and not the state it was set back to', async () => {
    await world.districtAdmin(['revoke-device', 'tehsildar.vikasnagar', world.tehsildar.deviceId]);
    const sent = world.wan.record();
    world.wan.restore();
    await eventually(async () => /relay: kept refusal \d+ of /.test(world.relay.output()), 60_000);
    const pushing = (r: { updates: readonly { recordId: string }[] }) =>
      r.updates.some((u) => u.recordId === fileId);
    // Two more exchanges after the refused one: the first of them would carry a copy set back.
    let refused = -1;
    await eventually(async () => {
      const requests = syncRequestsIn(sent());
      refused = requests.findIndex(pushing);
      return refused >= 0 && requests.length >= refused + 3;
    }, 60_000);
    const after = syncRequestsIn(sent()).slice(refused + 1);
    // The cursor of each request that carried the file again (none).
    expect(after.filter(pushing).map((r) => r.cursor)).toEqual([]);
    expect(await world.notesAtDistrict(fileId)).toEqual([]);
  });
});
