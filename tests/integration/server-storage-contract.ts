import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_DIRECTORY } from '../../sync-server/directory/demo-directory.ts';
import type { ServerStorage, StoredAccounts } from '../../sync-server/storage/types.ts';
import { asDeviceId, asPersonId } from '@domain/ids.ts';
import { runConcurrencyContract } from './server-storage-concurrency.ts';
import { runRecordLogContract } from './server-storage-log-contract.ts';
import { runRelayOrderContract } from './server-storage-relay-order.ts';
import {
  CKT,
  ckClerk,
  clerk,
  item,
  R1,
  R2,
  R3,
  row,
  VKN,
  writer,
  type StorageHarness,
} from './server-storage-fixtures.ts';

/**
 * The contract every ServerStorage implementation must meet. Each implementation's
 * test file calls runStorageContract with a harness that opens a fresh store and can
 * reopen it (to prove that what was committed survives). Its record log cases are in
 * server-storage-log-contract.ts, its concurrency cases in server-storage-concurrency.ts.
 */

export type { StorageHarness } from './server-storage-fixtures.ts';

export function runStorageContract(name: string, makeHarness: () => Promise<StorageHarness>): void {
  describe(`ServerStorage contract: ${name}`, () => {
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

    it('keeps the directory and credentials', async () => {
      expect(await s.loadDirectory()).toBeNull();
      await s.saveDirectory(DEMO_DIRECTORY);
      await s.setCredential({ person: clerk, hash: 'h1', source: 'demo' });
      await s.setCredential({ person: clerk, hash: 'h2', source: 'admin' });
      await s.setCredential({ person: ckClerk, hash: 'h3', source: 'file' });
      expect(await s.loadDirectory()).toEqual(DEMO_DIRECTORY);
      expect(await s.getCredential(clerk)).toEqual({ person: clerk, hash: 'h2', source: 'admin' });
      await s.deleteCredential(ckClerk);
      expect((await s.listCredentials()).map((c) => c.person)).toEqual([clerk]);
      expect(await s.getCredential(ckClerk)).toBeNull();
    });

    it('installs a directory with its credentials in one go, decided from what is stored then', async () => {
      const demo = { person: clerk, hash: 'h1', source: 'demo' } as const;
      await s.setCredential(demo);
      const session = {
        person: clerk,
        deviceId: asDeviceId('d1'),
        createdAt: 100,
        revokedAt: null,
      };
      await s.createSession({ ...session, tokenHash: 'a', expiresAt: 5000 });
      const seen: StoredAccounts[] = [];
      const set = { person: ckClerk, hash: 'h2', source: 'file' } as const;
      const result = await s.installDirectory((stored) => {
        seen.push(stored);
        const write = { directory: DEMO_DIRECTORY, remove: [clerk], set: [set], at: 300 };
        return { write, result: 'stored' };
      });
      expect(result).toBe('stored');
      expect(seen).toEqual([{ directory: null, credentials: [demo] }]);
      expect(await s.loadDirectory()).toEqual(DEMO_DIRECTORY);
      expect(await s.listCredentials()).toEqual([set]);
      expect((await s.findSession('a'))?.revokedAt).toBe(300);

      // Nothing to write, or a refusal: nothing changes.
      const version = await s.installDirectory((stored) => ({
        write: null,
        result: stored.directory?.version,
      }));
      expect(version).toBe(DEMO_DIRECTORY.version);
      const refused = s.installDirectory(() => {
        throw new Error('refused');
      });
      await expect(refused).rejects.toThrow('refused');
      expect(await s.loadDirectory()).toEqual(DEMO_DIRECTORY);
      expect(await s.listCredentials()).toEqual([set]);
    });

    it('finds, expires and revokes sessions', async () => {
      const base = { person: clerk, deviceId: asDeviceId('d1'), createdAt: 100, revokedAt: null };
      await s.createSession({ ...base, tokenHash: 'a', expiresAt: 1000 });
      await s.createSession({ ...base, tokenHash: 'b', expiresAt: 5000 });
      await s.createSession({ ...base, person: ckClerk, tokenHash: 'c', expiresAt: 5000 });
      expect((await s.findSession('a'))?.expiresAt).toBe(1000);
      expect(await s.findSession('zzz')).toBeNull();
      expect((await s.listLiveSessions(2000)).map((x) => x.tokenHash).sort()).toEqual(['b', 'c']);
      expect(await s.revokeSession('c', 3000)).toBe(true);
      expect(await s.revokeSession('c', 3001)).toBe(false);
      expect((await s.findSession('c'))?.revokedAt).toBe(3000);
      expect(await s.revokePersonSessions(clerk, 4000)).toBe(2);
      expect(await s.listLiveSessions(0)).toEqual([]);
    });

    it('records access revocations and lists those after a time, oldest first', async () => {
      const tehsildar = asPersonId('tehsildar.vikasnagar');
      await s.recordAccessRevocation(clerk, null, 2000);
      await s.recordAccessRevocation(tehsildar, asDeviceId('b'), 1000);
      await s.recordAccessRevocation(clerk, asDeviceId('a'), 3000);
      expect(await s.accessRevocationsAfter(0)).toEqual([
        { person: tehsildar, deviceId: asDeviceId('b'), at: 1000 },
        { person: clerk, deviceId: null, at: 2000 },
        { person: clerk, deviceId: asDeviceId('a'), at: 3000 },
      ]);
      expect(await s.accessRevocationsAfter(2000)).toEqual([
        { person: clerk, deviceId: asDeviceId('a'), at: 3000 },
      ]);
      expect(await s.accessRevokedSince(clerk, asDeviceId('c'), 1500)).toBe(2000);
    });

    it('numbers devices once per office', async () => {
      const a = await s.registerDevice(asDeviceId('a'), VKN, 'tablet A', 1);
      const b = await s.registerDevice(asDeviceId('b'), VKN, 'tablet B', 2);
      const again = await s.registerDevice(asDeviceId('a'), VKN, 'renamed', 3);
      const other = await s.registerDevice(asDeviceId('a'), CKT, '', 4);
      expect([a.deviceNumber, b.deviceNumber, again.deviceNumber, other.deviceNumber]).toEqual([
        1, 2, 1, 1,
      ]);
      expect(again).toEqual(a);
    });

    // An office relay sets its copy back to the district's state after a refusal (decision 0013).
    it('replaces a record’s rows with one stored as pulled by a device, which its pages leave out', async () => {
      const relayDevice = asDeviceId('00000000-0000-4000-8000-0000000000a1');
      const relay = asPersonId('relay.vikasnagar');
      const w = writer();
      await s.commit([item(R1, VKN, w('a', '1'))], 1);
      const [before] = await s.commit([item(R1, VKN, w('b', '2'))], 2);
      const seq = await s.replaceRecordRows(R1, w('c', '3'), 3, {
        deviceId: relayDevice,
        person: relay,
      });
      expect(seq).toBeGreaterThan(before ?? Infinity);
      const district = { kind: 'district' } as const;
      const own = await s.updatesSince(before ?? 0, district, 1e6, {
        deviceId: relayDevice,
        person: relay,
      });
      expect(own).toMatchObject({ updates: [], cursor: seq });
      const other = await s.updatesSince(before ?? 0, district, 1e6, {
        deviceId: relayDevice,
        person: clerk,
      });
      expect(other.updates.map((u) => u.seq)).toEqual([seq]);
      expect((await s.updatesSince(0, district, 1e6)).updates.map((u) => u.seq)).toEqual([seq]);
    });

    // An office relay must not push the district its own content back (decision 0013, amendment 4).
    it('at a relay, compaction stores what the district has as pulled, apart from what is still to push', async () => {
      const relayDevice = asDeviceId('00000000-0000-4000-8000-0000000000a1');
      const tabletDevice = asDeviceId('00000000-0000-4000-8000-0000000000b2');
      const relay = { deviceId: relayDevice, person: asPersonId('relay.vikasnagar') };
      const entry = (eventId: string) => ({
        eventId,
        hash: `h-${eventId}`,
        receivedAt: 5,
        notBefore: 5,
      });
      let pushed = 0;
      s.settleCompactionAs({ puller: relay, pushedUpTo: () => pushed });
      const w = writer();
      const tablet = { deviceId: tabletDevice, entries: [entry('made')] };
      // The tablet's creation, pushed upstream; then the district's noting, pulled.
      const [made = 0] = await s.commit([item(R1, VKN, w('a', '1'), tablet)], 1);
      pushed = made;
      const pulled = { deviceId: relayDevice, author: relay.person, entries: [entry('noted')] };
      await s.commit([item(R1, VKN, w('b', '2'), pulled)], 2);
      // The tablet's send to someone outside the office: a snapshot under fresh seqs.
      const sent = { deviceId: tabletDevice, resequence: true, entries: [entry('sent')] };
      const [last = 0] = await s.commit([item(R1, VKN, w('c', '3'), sent)], 3);
      const district = { kind: 'district' } as const;
      // The relay's next push carries the send alone (clock 2 of the doc), with its entry.
      const push = await s.updatesSince(pushed, district, 1e6, relay);
      expect(push.updates.map((u) => [u.seq, u.entries?.map((e) => e.eventId)])).toEqual([
        [last, ['sent']],
      ]);
      const meta = Y.parseUpdateMeta(push.updates[0]?.update ?? new Uint8Array());
      expect([...meta.from.values(), ...meta.to.values()]).toEqual([2, 3]);
      // A tablet with any cursor gets the whole record, in two rows under fresh seqs.
      const page = await s.updatesSince(made, district, 1e6);
      expect(page.updates.map((u) => u.entries?.map((e) => e.eventId))).toEqual([
        ['made', 'noted'],
        ['sent'],
      ]);
      const doc = new Y.Doc();
      for (const u of page.updates) Y.applyUpdate(doc, u.update);
      expect(doc.getMap('meta').toJSON()).toEqual({ a: '1', b: '2', c: '3' });
      // Once pushed, compaction merges it all into one row stored as pulled.
      pushed = last;
      await s.commit([item(R1, VKN, w('d', '4'), { ...pulled, entries: [entry('seen')] })], 4);
      await s.compact(R1, 5);
      expect((await s.updatesSince(0, district, 1e6, relay)).updates).toEqual([]);
      const whole = await s.updatesSince(0, district, 1e6);
      expect(whole.updates.map((u) => u.entries?.map((e) => e.eventId))).toEqual([
        ['made', 'noted', 'sent', 'seen'],
      ]);
      const again = new Y.Doc();
      Y.applyUpdate(again, await s.recordState(R1));
      expect(again.getMap('meta').toJSON()).toEqual({ a: '1', b: '2', c: '3', d: '4' });
    });

    // An office relay drops its copy of a record the district refused whole (decision 0013).
    it('removes a record: no page sends it again, and both logs keep its entries', async () => {
      const entry = (eventId: string) => ({
        eventId,
        hash: `h-${eventId}`,
        receivedAt: 5,
        notBefore: 5,
      });
      const w = writer();
      await s.commit(
        [
          item(R1, VKN, w('a', '1'), {
            entries: [entry('r1-made')],
            access: [clerk],
            summary: row(R1, 5),
          }),
        ],
        5,
      );
      const [kept] = await s.commit(
        [item(R2, VKN, writer()('b', '2'), { entries: [entry('r2-made')] })],
        6,
      );
      await s.commit([item(R1, VKN, w('c', '3'), { entries: [entry('r1-noted')] })], 7);
      await s.quarantineRecord(R1, 'refused whole', 8);
      const tree = await s.logTree();
      expect(await s.removeRecord(R1)).toBe(2);
      const page = await s.updatesSince(0, { kind: 'district' }, 1e6);
      expect(
        page.updates.map((u) => [u.seq, u.recordId, u.entries?.map((e) => e.eventId)]),
      ).toEqual([[kept, R2, ['r2-made']]]);
      expect(await s.recordHead(R1)).toBe(0);
      expect(await s.recordState(R1)).toHaveLength(0);
      expect(await s.recordOffice(R1)).toBeNull();
      expect(await s.recordAccess(R1)).toEqual([]);
      expect((await s.summaries(VKN)).map((r) => r.id)).toEqual([]);
      expect(await s.quarantinedRecord(R1)).toBeNull();
      expect(await s.recordIds()).toEqual([R2]);
      // Append-only: the Merkle log neither shrinks nor changes, and the entries keep their leaves.
      expect(await s.logTree()).toEqual(tree);
      expect((await s.recordLog(R1)).map((e) => e.eventId)).toEqual(['r1-made', 'r1-noted']);
      expect((await s.recordLeaves(R1)).map((l) => l.eventId)).toEqual(['r1-made', 'r1-noted']);
      expect(await s.removeRecord(R1)).toBe(0);
    });

    // Register numbers are never given twice nor freed (decision 0013, amendment 6).
    it('removing a record keeps its dispatches’ register numbers: the next dispatch takes the one after', async () => {
      const dispatch = (eventId: string) => ({
        eventId,
        hash: `h-${eventId}`,
        receivedAt: 5,
        notBefore: 5,
        registerIn: { office: VKN, year: 2026 },
      });
      const w = writer();
      await s.commit([item(R1, VKN, w('a', '1'), { entries: [dispatch('r1-first')] })], 5);
      await s.commit([item(R2, VKN, writer()('b', '2'), { entries: [dispatch('r2-last')] })], 6);
      expect(await s.removeRecord(R2)).toBe(1);
      await s.commit([item(R1, VKN, w('c', '3'), { entries: [dispatch('r1-next')] })], 7);
      const serials = async (id: typeof R1) =>
        (await s.recordLog(id)).map((e) => [e.eventId, e.register?.serial]);
      expect(await serials(R1)).toEqual([
        ['r1-first', 1],
        ['r1-next', 3],
      ]);
      expect(await serials(R2)).toEqual([['r2-last', 2]]);
    });

    // An office relay numbers no register of its own (decision 0010, amendment 1).
    it('keeps the district’s register numbers as given, and resequences a record that learns one', async () => {
      const entry = (eventId: string, extra: object = {}) => ({
        eventId,
        hash: `h-${eventId}`,
        receivedAt: 5,
        notBefore: 5,
        ...extra,
      });
      const district = (serial: number) => ({ registered: { office: VKN, year: 2026, serial } });
      const numbers = async (id: typeof R1) =>
        (await s.recordLog(id)).map((e) => [e.eventId, e.register?.serial]);
      // Pulled from the district with its number; its tablets' dispatch, logged without one
      // (r2-own), and one a relay of an older build numbered itself (r3-old, taking 5).
      await s.commit(
        [item(R1, VKN, writer()('a', '1'), { entries: [entry('r1', district(4))] })],
        5,
      );
      const [own = 0] = await s.commit(
        [item(R2, VKN, writer()('b', '2'), { entries: [entry('r2-own')] })],
        6,
      );
      const registerIn = { registerIn: { office: VKN, year: 2026 } };
      await s.commit(
        [item(R3, VKN, writer()('c', '3'), { entries: [entry('r3-old', registerIn)] })],
        7,
      );
      expect(await numbers(R1)).toEqual([['r1', 4]]);
      expect(await numbers(R2)).toEqual([['r2-own', undefined]]);
      expect(await numbers(R3)).toEqual([['r3-old', 5]]);

      // The district's numbers arrive: r2-own is its 5 (the old build's own 5 gives way), and
      // an event not logged here takes nothing. The record moves past every cursor with it.
      const given = [
        { eventId: 'r2-own', pos: 40, register: { year: 2026, serial: 5 } },
        { eventId: 'elsewhere', pos: 41, register: { year: 2026, serial: 9 } },
      ];
      const head = await s.keepDistrictEntries(R2, given, 8);
      expect(head).toBeGreaterThan(own);
      const page = await s.updatesSince(own, { kind: 'district' }, 1e6);
      const moved = page.updates.filter((u) => u.recordId === R2);
      expect(moved.map((u) => [u.seq, u.entries?.[0]?.register])).toEqual([
        [head, { year: 2026, serial: 5 }],
      ]);
      expect(await numbers(R3)).toEqual([['r3-old', undefined]]);
      expect(
        await s.keepDistrictEntries(
          R3,
          [{ eventId: 'r3-old', pos: 42, register: { year: 2026, serial: 6 } }],
          9,
        ),
      ).toBeGreaterThan(head);
      expect(await numbers(R3)).toEqual([['r3-old', 6]]);
      // Told again (a push the district acknowledges again): nothing changes.
      expect(await s.keepDistrictEntries(R2, given, 10)).toBe(0);
      expect(await s.recordHead(R2)).toBe(head);
      expect(await s.keepDistrictEntries(R3, [], 10)).toBe(0);
    });

    // Decision 0010, amendment 1: the tablet that dispatched at the relay must learn the number too.
    it('at a relay, a record that learns a number goes to every tablet in scope, its author’s included', async () => {
      const relay = {
        deviceId: asDeviceId('00000000-0000-4000-8000-0000000000a1'),
        person: asPersonId('relay.vikasnagar'),
      };
      const author = {
        deviceId: asDeviceId('00000000-0000-4000-8000-0000000000b2'),
        person: clerk,
      };
      const entry = (eventId: string) => ({
        eventId,
        hash: `h-${eventId}`,
        receivedAt: 5,
        notBefore: 5,
      });
      let pushed = 0;
      s.settleCompactionAs({ puller: relay, pushedUpTo: () => pushed });
      const w = writer();
      const mine = { deviceId: author.deviceId, entries: [entry('made')] };
      const [made = 0] = await s.commit([item(R1, VKN, w('a', '1'), mine)], 1);
      pushed = made;
      // The clerk's dispatch, logged here without a number. The district acknowledges it and
      // answers its number in an exchange that leaves another record's push for the next one,
      // so the relay's push position stays before the dispatch.
      const dispatch = { deviceId: author.deviceId, entries: [entry('dispatched')] };
      const [own = 0] = await s.commit([item(R1, VKN, w('b', '2'), dispatch)], 2);
      const given = [{ eventId: 'dispatched', pos: 7, register: { year: 2026, serial: 3 } }];
      expect(await s.keepDistrictEntries(R1, given, 3)).toBeGreaterThan(own);
      // The clerk's tablet, past its own push, pulls the record again with the number.
      const page = await s.updatesSince(own, { kind: 'district' }, 1e6, author);
      const numbered = page.updates.flatMap((u) => u.entries ?? []);
      expect(numbered.find((e) => e.eventId === 'dispatched')?.register).toEqual({
        year: 2026,
        serial: 3,
      });
    });
  });
  runRecordLogContract(name, makeHarness);
  runConcurrencyContract(name, makeHarness);
  runRelayOrderContract(name, makeHarness);
}
