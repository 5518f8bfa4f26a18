import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RELAY_OWN_ORDER } from '../../sync-server/storage/record-log-types.ts';
import type { ServerStorage } from '../../sync-server/storage/types.ts';
import { asDeviceId, asPersonId } from '@domain/ids.ts';
import { clerk, item, R1, VKN, writer, type StorageHarness } from './server-storage-fixtures.ts';

/**
 * The storage contract's part for an office relay's order (decision 0010,
 * amendment 4): a relay folds and serves a record in the district's order, its
 * own tablets' work that the district has not logged yet after it; learning where
 * the district logged that work reorders the record and sends it to every tablet
 * again. Run by runStorageContract on every engine.
 */
export function runRelayOrderContract(
  name: string,
  makeHarness: () => Promise<StorageHarness>,
): void {
  describe(`an office relay's order: ${name}`, () => {
    let harness: StorageHarness;
    let s: ServerStorage;
    beforeEach(async () => {
      harness = await makeHarness();
      s = await harness.open();
    });
    afterEach(async () => {
      await s.close();
      await harness.cleanup();
    });

    const relay = {
      deviceId: asDeviceId('00000000-0000-4000-8000-0000000000a1'),
      person: asPersonId('relay.vikasnagar'),
    };
    const tablet = { deviceId: asDeviceId('00000000-0000-4000-8000-0000000000b2'), person: clerk };
    const entry = (eventId: string, upstreamPos?: number) => ({
      eventId,
      hash: `h-${eventId}`,
      receivedAt: 5,
      notBefore: 5,
      ...(upstreamPos === undefined ? {} : { upstreamPos }),
    });
    /** The record's log as read: by position (the relay's validation takes the last as highest). */
    const order = async () => {
      const log = await s.recordLog(R1);
      expect(log.map((e) => e.pos)).toEqual(log.map((e) => e.pos).sort((a, b) => a - b));
      return log.map((e) => e.eventId);
    };

    it('reads a record in the district’s order, its own work after, and reorders it when told', async () => {
      s.orderAsRelay();
      let pushed = 0;
      s.settleCompactionAs({ puller: relay, pushedUpTo: () => pushed });
      const w = writer();
      const pulled = (id: string, pos: number) => ({
        deviceId: relay.deviceId,
        author: relay.person,
        entries: [entry(id, pos)],
      });
      // Pulled from the district at its positions 10; the clerk's noting made here; then the
      // kanungo's pull back, logged at the district at 20 but pulled after the noting.
      await s.commit([item(R1, VKN, w('a', '1'), pulled('created', 10))], 1);
      const [own = 0] = await s.commit(
        [item(R1, VKN, w('b', '2'), { deviceId: tablet.deviceId, entries: [entry('noting')] })],
        2,
      );
      pushed = own;
      await s.commit([item(R1, VKN, w('c', '3'), pulled('pulled-back', 20))], 3);
      expect(await order()).toEqual(['created', 'pulled-back', 'noting']);
      const log = await s.recordLog(R1);
      expect(log.find((e) => e.eventId === 'created')?.pos).toBe(10);
      expect(log.find((e) => e.eventId === 'noting')?.pos).toBeGreaterThan(RELAY_OWN_ORDER);

      // The district took the noting before the pull back (its 15): the record reorders and
      // moves past every cursor, and the clerk's tablet, past its own push, pulls it again.
      const before = await s.recordHead(R1);
      const head = await s.keepDistrictEntries(R1, [{ eventId: 'noting', pos: 15 }], 4);
      expect(head).toBeGreaterThan(before);
      expect(await order()).toEqual(['created', 'noting', 'pulled-back']);
      const page = await s.updatesSince(before, { kind: 'district' }, 1e6, tablet);
      const served = page.updates.flatMap((u) => u.entries ?? []);
      expect(served.find((e) => e.eventId === 'noting')?.pos).toBe(15);
      expect(served.map((e) => e.eventId).sort()).toEqual(['created', 'noting', 'pulled-back']);
      // Told again (a push acknowledged again), or of an event not logged here: nothing changes.
      expect(await s.keepDistrictEntries(R1, [{ eventId: 'noting', pos: 15 }], 5)).toBe(0);
      expect(await s.keepDistrictEntries(R1, [{ eventId: 'elsewhere', pos: 16 }], 5)).toBe(0);
      expect(await s.recordHead(R1)).toBe(head);
      // Reopened (the relay restarted), the positions are still the district's.
      await s.close();
      s = await harness.open();
      s.orderAsRelay();
      expect(await order()).toEqual(['created', 'noting', 'pulled-back']);
    });

    it('a record taken back and pulled again is served with the district’s positions', async () => {
      s.orderAsRelay();
      const w = writer();
      const own = { deviceId: tablet.deviceId, entries: [entry('created'), entry('noting')] };
      await s.commit([item(R1, VKN, w('a', '1'), own)], 1);
      // Taken back (a later refusal, decision 0013): its entries stay, with no row.
      await s.removeRecord(R1);
      const before = await s.headSeq({ kind: 'district' });
      const pulled = {
        deviceId: relay.deviceId,
        author: relay.person,
        entries: [entry('created', 10), entry('noting', 11)],
      };
      await s.commit([item(R1, VKN, w('b', '2'), pulled)], 2);
      expect(await order()).toEqual(['created', 'noting']);
      const page = await s.updatesSince(before, { kind: 'district' }, 1e6, tablet);
      const served = page.updates.flatMap((u) => u.entries ?? []);
      expect(served.map((e) => [e.eventId, e.pos])).toEqual([
        ['created', 10],
        ['noting', 11],
      ]);
    });

    it('elsewhere (a district) reads every entry at its own position', async () => {
      const w = writer();
      await s.commit([item(R1, VKN, w('a', '1'), { entries: [entry('created')] })], 1);
      await s.commit([item(R1, VKN, w('b', '2'), { entries: [entry('noting')] })], 2);
      const log = await s.recordLog(R1);
      expect(log.map((e) => e.pos).every((p) => p < 100)).toBe(true);
      expect(await order()).toEqual(['created', 'noting']);
    });
  });
}
