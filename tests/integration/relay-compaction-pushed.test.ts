import 'fake-indexeddb/auto';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asPersonId, type RecordId } from '@domain/ids.ts';
import { createFile, sendRecord } from '@storage/services.ts';
import { startRelayWorld, type RelayWorld } from './relay-refusals-world.ts';
import { deviceUuid, signIn } from './server-harness.ts';
import { pullAll, stateOf } from './server-sync-client.ts';
import { eventually } from './sync-harness.ts';
import { syncRequestsIn } from './wan-sync-requests.ts';

/**
 * When someone of another tehsil is newly on a file, the relay rewrites its rows
 * of the file as a snapshot under fresh seqs (compaction) so their tablets get all
 * of it. What the district already has must stay out of the relay's pushes
 * (decision 0013, amendment 4): before, the snapshot was stored under no device
 * and the relay pushed the district the whole file back with the send. With real
 * processes: the file reaches the district; with the WAN cut the clerk sends it
 * to Chakrata's clerk at the relay; every sync request the relay then sends over
 * the WAN is read.
 */

describe('compaction at the relay does not push the district its own content back', () => {
  let world: RelayWorld;
  let fileId: RecordId;
  /** The district's copy of the file, as a state vector (client → clock). */
  const atDistrict = async () => {
    const reader = deviceUuid(77);
    const token = (await signIn(world.district.url, 'dm.dehradun', reader)).body.token;
    return (await pullAll(world.district.url, token, reader)).byRecord.get(fileId) ?? [];
  };

  beforeAll(async () => {
    world = await startRelayWorld(1816);
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  it('pushes the send to Chakrata alone, not the file the district had', async () => {
    const { clerk } = world;
    const c = await clerk.context();
    const file = await createFile(c, { subject: 'खसरा 91 सीमांकन', category: 'revenue' });
    if (!file.ok) throw new Error(file.error);
    fileId = file.value.id;
    expect(await clerk.sync()).toBe('synced');
    await eventually(async () => (await world.notesAtDistrict(fileId)) !== null, 30_000);
    // One more exchange begun: the relay has moved its push position past the file's creation.
    const next = world.wan.record();
    await eventually(async () => syncRequestsIn(next()).length > 0, 30_000);
    const had = Y.decodeStateVector(
      Y.encodeStateVectorFromUpdate(Y.mergeUpdates(await atDistrict())),
    );
    world.wan.cut();
    const sent = world.wan.record();
    const move = { remarks: 'सीमांकन हेतु', dueDate: null, priority: 'normal' as const };
    const to = asPersonId('clerk.chakrata');
    expect((await sendRecord(c, fileId, { ...move, to })).ok).toBe(true);
    expect(await clerk.sync()).toBe('synced');
    world.wan.restore();
    await eventually(async () => stateOf(await atDistrict())?.holder === to, 60_000);
    const pushed = syncRequestsIn(sent()).flatMap((r) =>
      r.updates.filter((u) => u.recordId === fileId),
    );
    expect(pushed.length).toBeGreaterThan(0);
    // Per Yjs client, the first clock each push carries; none is below where the district's copy ended.
    const below = pushed.flatMap((u) =>
      [...Y.parseUpdateMeta(u.update).from].filter(
        ([client, clock]) => clock < (had.get(client) ?? 0),
      ),
    );
    expect(below).toEqual([]);
  });
});
