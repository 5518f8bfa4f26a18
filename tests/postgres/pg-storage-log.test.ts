import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logLeafHash } from '@doc/log-leaf.ts';
import {
  memoryLookup,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
  type Hash,
} from '@doc/merkle.ts';
import { asDeviceId, type RecordId } from '@domain/ids.ts';
import { openPgStorage } from '../../sync-server/storage/pg/pg-storage.ts';
import type { NewLogEntry, ServerStorage } from '../../sync-server/storage/types.ts';
import { item, R1, R2, R3, VKN, writer } from '../integration/server-storage-fixtures.ts';
import { freshDatabase, type TestDatabase } from './pg-database.ts';

/**
 * What the whole PostgreSQL storage adds to the record log (decision 0007): the log
 * of record order and the Merkle log written under the commit lock, running-register
 * serials, contacts, repair and quarantine, demo seeding and reset, each with two
 * instances (two pools) on one database where they could race.
 */

const DISTRICT = { kind: 'district' } as const;

const entry = (eventId: string, at: number, extra: Partial<NewLogEntry> = {}): NewLogEntry => ({
  eventId,
  hash: `h-${eventId}`,
  receivedAt: at,
  notBefore: at - 5,
  ...extra,
});

describe('the whole storage on PostgreSQL', () => {
  let db: TestDatabase;
  let one: ServerStorage;
  let two: ServerStorage;
  beforeEach(async () => {
    db = await freshDatabase();
    one = await openPgStorage(db.url);
    two = await openPgStorage(db.url);
  });
  afterEach(async () => {
    await one.close();
    await two.close();
    await db.drop();
  });

  it('positions entries and appends their Merkle leaves in commit order across instances', async () => {
    const w = writer();
    const leaves: Hash[] = [];
    const heads: { size: number; root: Hash }[] = [];
    for (let i = 0; i < 7; i++) {
      const recordId = [R1, R2, R3][i % 3] as RecordId;
      const events = [entry(`e${i}a`, 100 + i), entry(`e${i}b`, 100 + i)];
      const store = i % 2 === 0 ? one : two;
      await store.commit([item(recordId, VKN, w(`k${i}`, 'v'), { entries: events })], 100 + i);
      for (const e of events) leaves.push(logLeafHash(recordId, e.eventId, e.hash));
      heads.push(await store.logTree());
    }
    // A known event id pushed again keeps its entry and gets no second leaf.
    await one.commit([item(R1, VKN, w('again', 'v'), { entries: [entry('e0a', 200)] })], 200);
    const tree = await two.logTree();
    expect(tree).toEqual({ size: 14, root: treeRoot(memoryLookup(leaves), 14) });
    for (const head of heads) {
      const proof = await one.logConsistency(head.size, tree.size);
      expect(verifyConsistency(head.size, tree.size, proof, head.root, tree.root)).toBe(true);
    }
    const log = await one.recordLog(R1);
    expect(log.map((e) => e.eventId)).toEqual(['e0a', 'e0b', 'e3a', 'e3b', 'e6a', 'e6b']);
    expect(log.map((e) => e.pos)).toEqual([...log.map((e) => e.pos)].sort((a, b) => a - b));
    expect(log[0]).toMatchObject({ receivedAt: 100, notBefore: 95 });
    const leavesOfR1 = await two.recordLeaves(R1);
    for (const { eventId, leaf } of leavesOfR1) {
      const proof = await two.logInclusion(leaf, tree.size);
      const hash = logLeafHash(R1, eventId, `h-${eventId}`);
      expect(verifyInclusion(leaf, tree.size, hash, proof, tree.root)).toBe(true);
    }
    await expect(one.logConsistency(1, tree.size + 1)).rejects.toThrow(RangeError);
    // Pages carry each row's entries.
    const page = await one.updatesSince(0, DISTRICT, 1e6);
    expect(page.updates.flatMap((u) => u.entries ?? []).map((e) => e.eventId)).toHaveLength(14);
  });

  it('gives dispatches committed at once through two instances consecutive register serials', async () => {
    const registerIn = { office: VKN, year: 2026 };
    const w = writer();
    const commits = [R1, R2, R3].map((recordId, i) =>
      (i % 2 === 0 ? one : two).commit(
        [item(recordId, VKN, w(`d${i}`, 'v'), { entries: [entry(`d${i}`, 10, { registerIn })] })],
        10,
      ),
    );
    await Promise.all(commits);
    // Pushed again (a retry): the dispatch keeps its serial, none is taken.
    await one.commit(
      [item(R1, VKN, w('retry', 'v'), { entries: [entry('d0', 20, { registerIn })] })],
      20,
    );
    const serials = await Promise.all(
      [R1, R2, R3].map(async (r) => (await two.recordLog(r))[0]?.register),
    );
    expect(serials.map((s) => s?.serial).sort()).toEqual([1, 2, 3]);
    expect(serials.every((s) => s?.year === 2026)).toBe(true);
  });

  it('stores the pushing device’s contact with its commit', async () => {
    const device = asDeviceId('00000000-0000-4000-8000-0000000000d1');
    const contact = { deviceId: device, lastAt: 50, lastPushBytes: 12, anchor: 40 };
    await one.commit([item(R1, VKN, writer()('a', 'b'))], 50, undefined, contact);
    expect(await two.deviceContact(device)).toEqual(contact);
  });

  it('replaces a damaged record’s rows past every cursor and lifts its quarantine', async () => {
    const w = writer();
    await one.commit([item(R1, VKN, w('a', '1'), { entries: [entry('x', 1)] })], 1);
    await one.commit([item(R1, VKN, w('b', '2'))], 2);
    await two.quarantineRecord(R1, 'bytes do not decode', 3);
    expect(await one.quarantinedRecord(R1)).toEqual({ reason: 'bytes do not decode', at: 3 });
    const head = await one.headSeq(DISTRICT);
    const seq = await two.replaceRecordRows(R1, w('c', '3'), 4);
    expect(seq).toBeGreaterThan(head);
    expect((await one.recordRows(R1)).map((r) => r.seq)).toEqual([seq]);
    expect(await one.quarantinedRecord(R1)).toBeNull();
    const page = await one.updatesSince(head, DISTRICT, 1e6);
    expect(page.updates.map((u) => [u.seq, u.entries?.map((e) => e.eventId)])).toEqual([
      [seq, ['x']],
    ]);
    expect(await one.recordIds()).toEqual([R1]);
  });

  it('seeds the demo once when two instances start at once; a reset starts a new generation', async () => {
    const w = writer();
    const seeds = await Promise.all(
      [one, two].map((s) => s.seedDemo([item(R1, VKN, w('demo', 'v'))], 1)),
    );
    expect(seeds.sort()).toEqual([false, true]);
    expect(await two.demoSeeded()).toBe(true);
    const before = await one.headSeq(DISTRICT);
    expect(await one.generation()).toBe(1);
    expect(await two.resetRecords()).toBe(2);
    expect(await one.demoSeeded()).toBe(false);
    expect(await one.recordIds()).toEqual([]);
    const [after] = await one.commit([item(R2, VKN, w('new', 'v'))], 2, 2);
    expect(after).toBeGreaterThan(before);
  });
});
