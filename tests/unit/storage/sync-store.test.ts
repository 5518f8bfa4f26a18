import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { KV_KEYS, readKv, writeKv } from '@storage/db/db.ts';
import { loadRecordDoc, stateOfDoc } from '@storage/db/record-store.ts';
import {
  createFile,
  exportQuarantine,
  listQuarantine,
  recordStateQuery,
  saveDraft,
  sendRecord,
} from '@storage/services.ts';
import { wipeRevokedPerson } from '@storage/session/revoked-access.ts';
import { createSyncPort } from '@storage/sync/sync-store.ts';
import { PAGE_BYTES } from '@protocol/messages.ts';
import type { IncomingUpdate } from '@storage/sync/sync-port.ts';
import { clerk, fakeClock, must, tehsildar, testDevice, type TestDevice } from './helpers.ts';

const devices: TestDevice[] = [];
const clock = fakeClock();
function newDevice(idPrefix: number): TestDevice {
  const dev = testDevice('sync-store', clock, { idPrefix });
  devices.push(dev);
  return dev;
}
afterEach(async () => {
  for (const d of devices.splice(0)) await d.db.delete();
});

const toTehsildar = {
  to: tehsildar.id,
  remarks: 'see',
  dueDate: null,
  priority: 'normal',
} as const;

describe('outbox', () => {
  it('merges a record’s unacknowledged updates into one, ref = its newest row', async () => {
    const dev = newDevice(1);
    const c = dev.as(clerk);
    const file = must(await createFile(c, { subject: 'Khasra', category: 'landRecords' }));
    must(await saveDraft(c, file.id, 'note'));
    must(await sendRecord(c, file.id, toTehsildar));
    const other = must(await createFile(c, { subject: 'Other', category: 'others' }));
    const port = createSyncPort(dev.db, clock.now);

    expect(await port.pendingCount()).toBe(2);
    const out = await port.takeOutgoing(64 * 1024);
    expect(out.map((o) => o.recordId)).toEqual([file.id, other.id]);
    const refs = (await dev.db.outbox.where('recordId').equals(file.id).primaryKeys()) as number[];
    expect(out[0]?.ref).toBe(Math.max(...refs));

    const replica = new Y.Doc();
    Y.applyUpdate(replica, out[0]!.update);
    expect(stateOfDoc(replica, 0)).toEqual(await recordStateQuery(dev.db, file.id, 0));
  });

  it('stops at maxBytes but always returns at least one record', async () => {
    const dev = newDevice(1);
    const c = dev.as(clerk);
    must(await createFile(c, { subject: 'One', category: 'others' }));
    must(await createFile(c, { subject: 'Two', category: 'others' }));
    const port = createSyncPort(dev.db, clock.now);
    expect(await port.takeOutgoing(1)).toHaveLength(1);
    const all = await port.takeOutgoing(1_000_000);
    expect(all).toHaveLength(2);
    expect(
      await port.takeOutgoing(all[0]!.update.byteLength + all[1]!.update.byteLength - 1),
    ).toHaveLength(1);
  });

  it('merges a record’s rows only while they fit the page; the rest go in the next page', async () => {
    const dev = newDevice(1);
    const c = dev.as(clerk);
    const file = must(await createFile(c, { subject: 'Big letter', category: 'others' }));
    const other = must(await createFile(c, { subject: 'Waits its turn', category: 'others' }));
    // Five 20 KB edits to the file's letter: 100 KB in all, more than one page.
    const doc = await loadRecordDoc(dev.db, file.id);
    for (let i = 0; i < 5; i++) {
      const before = Y.encodeStateVector(doc);
      // 5/16 of a page each: the creation row and two edits fit in one page, a third does not.
      doc.getText('letter').insert(0, String.fromCharCode(97 + i).repeat((PAGE_BYTES * 5) / 16));
      const update = Y.encodeStateAsUpdate(doc, before);
      await dev.db.outbox.add({ recordId: file.id, update, at: clock.now() });
    }
    const refs = (await dev.db.outbox.where('recordId').equals(file.id).primaryKeys()) as number[];
    const port = createSyncPort(dev.db, clock.now);

    const first = await port.takeOutgoing(PAGE_BYTES);
    expect(first.map((o) => o.recordId)).toEqual([file.id]);
    expect(first[0]!.update.byteLength).toBeLessThanOrEqual(PAGE_BYTES);
    // The creation row and the first two edits fit; the ref names the last row merged.
    expect(first[0]!.ref).toBe(refs[3]);
    await port.acknowledge([first[0]!.ref]);

    // The other file's row is now the oldest pending, so it leads the next page.
    const second = await port.takeOutgoing(PAGE_BYTES);
    expect(second.map((o) => o.recordId)).toEqual([other.id, file.id]);
    expect(second[1]!.ref).toBe(refs[5]);
    const replica = new Y.Doc();
    for (const u of [...first, ...second].filter((o) => o.recordId === file.id))
      Y.applyUpdate(replica, u.update);
    expect(replica.getText('letter').toString()).toBe(doc.getText('letter').toString());
  });

  it('a single row bigger than the page goes alone', async () => {
    const dev = newDevice(1);
    const c = dev.as(clerk);
    const file = must(await createFile(c, { subject: 'Huge', category: 'others' }));
    await dev.db.outbox.clear();
    const doc = await loadRecordDoc(dev.db, file.id);
    const before = Y.encodeStateVector(doc);
    doc.getText('letter').insert(0, 'x'.repeat(PAGE_BYTES + 1));
    const huge = Y.encodeStateAsUpdate(doc, before);
    const hugeRef = await dev.db.outbox.add({ recordId: file.id, update: huge, at: clock.now() });
    doc.getText('letter').insert(0, 'y');
    await dev.db.outbox.add({ recordId: file.id, update: Y.encodeStateAsUpdate(doc), at: 1 });
    const port = createSyncPort(dev.db, clock.now);
    const out = await port.takeOutgoing(PAGE_BYTES);
    expect(out).toEqual([{ ref: hugeRef, recordId: file.id, update: huge }]);
  });

  it('acknowledging drops only the rows merged behind the ref, and is idempotent', async () => {
    const dev = newDevice(1);
    const c = dev.as(clerk);
    const file = must(await createFile(c, { subject: 'Khasra', category: 'landRecords' }));
    const port = createSyncPort(dev.db, clock.now);
    const [taken] = await port.takeOutgoing(64 * 1024);
    must(await sendRecord(c, file.id, toTehsildar)); // made while the request was in flight
    await port.acknowledge([taken!.ref]);
    await port.acknowledge([taken!.ref]);
    expect(await port.pendingCount()).toBe(1);
    const [next] = await port.takeOutgoing(64 * 1024);
    expect(next!.ref).toBeGreaterThan(taken!.ref);
    await port.acknowledge([next!.ref]);
    expect(await port.pendingCount()).toBe(0);
    expect(await port.takeOutgoing(64 * 1024)).toEqual([]);
  });
});

describe('applyIncoming', () => {
  async function changesFromA(): Promise<{ a: TestDevice; incoming: IncomingUpdate[] }> {
    const a = newDevice(1);
    const file = must(
      await createFile(a.as(clerk), { subject: 'Khasra', category: 'landRecords' }),
    );
    must(await sendRecord(a.as(clerk), file.id, toTehsildar));
    const out = await createSyncPort(a.db, clock.now).takeOutgoing(64 * 1024);
    return {
      a,
      incoming: out.map((o, i) => ({ seq: i + 10, recordId: o.recordId, update: o.update })),
    };
  }

  it('stores server updates, refreshes the projection and advances the cursor', async () => {
    const { a, incoming } = await changesFromA();
    const b = newDevice(2);
    const port = createSyncPort(b.db, clock.now);
    await port.applyIncoming(incoming, 10);
    expect(await port.cursor()).toBe(10);
    expect(await b.db.records.toArray()).toEqual(await a.db.records.toArray());
    // Applying the same page again (a retried response) stores nothing new.
    const rows = await b.db.updates.count();
    await port.applyIncoming(incoming, 10);
    expect(await b.db.updates.count()).toBe(rows);
    expect(await port.pendingCount()).toBe(0);
  });

  it('applies all of a page or none of it', async () => {
    const { incoming } = await changesFromA();
    const b = newDevice(2);
    const failCursor = (): never => {
      throw new Error('quota exceeded');
    };
    b.db.kv.hook('creating', failCursor);
    await expect(createSyncPort(b.db, clock.now).applyIncoming(incoming, 10)).rejects.toThrow(
      'quota exceeded',
    );
    b.db.kv.hook('creating').unsubscribe(failCursor);
    expect(await b.db.updates.count()).toBe(0);
    expect(await b.db.records.count()).toBe(0);
    expect(await readKv(b.db, KV_KEYS.cursor)).toBeUndefined();
  });

  it('the recipient on another tablet sees the file and the sender’s echo changes nothing', async () => {
    const { a, incoming } = await changesFromA();
    const portA = createSyncPort(a.db, clock.now);
    const before = await a.db.updates.count();
    await portA.applyIncoming(incoming, 10);
    expect(await a.db.updates.count()).toBe(before);
  });
});

describe('quarantine', () => {
  it('keeps the refused change with its reason and resets the record to the server state', async () => {
    const dev = newDevice(1);
    const c = dev.as(clerk);
    const file = must(await createFile(c, { subject: 'Khasra', category: 'landRecords' }));
    const port = createSyncPort(dev.db, clock.now);
    const [created] = await port.takeOutgoing(64 * 1024);
    await port.acknowledge([created!.ref]);
    const serverState = Y.encodeStateAsUpdate(await loadRecordDoc(dev.db, file.id));

    must(await sendRecord(c, file.id, toTehsildar));
    const [refused] = await port.takeOutgoing(64 * 1024);
    await port.quarantine(refused!.ref, file.id, 'actorMismatch', 'not you', serverState);

    expect(await port.pendingCount()).toBe(0);
    const [q] = await listQuarantine(dev.db);
    expect(q).toMatchObject({ recordId: file.id, reason: 'actorMismatch', detail: 'not you' });
    const kept = await dev.db.quarantine.get(q!.id);
    expect(kept?.update).toEqual(refused!.update);
    expect((await dev.db.records.get(file.id))?.holder).toBe(clerk.id);
    expect(await dev.db.updates.where('recordId').equals(file.id).count()).toBe(1);
  });

  it('an empty server state removes the record from this device', async () => {
    const dev = newDevice(1);
    const file = must(
      await createFile(dev.as(clerk), { subject: 'Khasra', category: 'landRecords' }),
    );
    const port = createSyncPort(dev.db, clock.now);
    const [refused] = await port.takeOutgoing(64 * 1024);
    await port.quarantine(refused!.ref, file.id, 'outOfScope', '', new Uint8Array());
    expect(await dev.db.records.get(file.id)).toBeUndefined();
    expect(await dev.db.updates.count()).toBe(0);
    expect(await dev.db.quarantine.count()).toBe(1);
  });
});

describe('a refusal made later (the district refused what the office relay took)', () => {
  /**
   * The clerk's file, its creation acknowledged (the district's state after it, as a
   * reset gives it) and its send taken for the push; `ackSend`: acknowledged too.
   */
  async function createdAndSent(dev: TestDevice, ackSend = true) {
    const c = dev.as(clerk);
    const file = must(await createFile(c, { subject: 'Khasra', category: 'landRecords' }));
    const port = createSyncPort(dev.db, clock.now);
    const [created] = await port.takeOutgoing(64 * 1024);
    await port.acknowledge([created!.ref]);
    const serverState = Y.encodeStateAsUpdate(await loadRecordDoc(dev.db, file.id));
    must(await sendRecord(c, file.id, toTehsildar));
    const [sent] = await port.takeOutgoing(64 * 1024);
    if (ackSend) await port.acknowledge([sent!.ref]);
    return { file, port, created: created!, sent: sent!, reset: { serverState, entries: [] } };
  }

  it('keeps the refused change, resets the record, and takes the same refusal once', async () => {
    const dev = newDevice(1);
    // The relay took the send: the outbox no longer holds it.
    const { file, port, sent, reset } = await createdAndSent(dev);

    await port.quarantineLater!(5, file.id, 'keyRevoked', 'key k was revoked', sent.update, reset);
    await port.quarantineLater!(5, file.id, 'keyRevoked', 'key k was revoked', sent.update, reset);

    const [q, ...more] = await listQuarantine(dev.db);
    expect(more).toEqual([]);
    expect(q).toMatchObject({ recordId: file.id, reason: 'keyRevoked', upstream: true });
    expect(q?.events.map((e) => e.type)).toEqual(['sent']);
    expect((await dev.db.records.get(file.id))?.holder).toBe(clerk.id);
    expect(await port.pendingCount()).toBe(0);
    expect(await port.takenLater!()).toEqual([5]);
    await port.forgetTaken!([5]);
    expect(await port.takenLater!()).toEqual([]);
  });

  it('takes what the relay acknowledged and the district lacks into the quarantine with it, not to send again', async () => {
    const dev = newDevice(1);
    // An office relay answers this tablet (decision 0020): what it acknowledges is kept.
    await writeKv(dev.db, KV_KEYS.districtKey, 'd'.repeat(43));
    await writeKv(dev.db, KV_KEYS.logKey, 'r'.repeat(43));
    // The district took the creation: the reset is to its state.
    const { file, port, created, sent, reset } = await createdAndSent(dev);
    expect(await dev.db.relayAcked.count()).toBe(2);

    await port.quarantineLater!(6, file.id, 'keyRevoked', 'key k was revoked', sent.update, reset);

    // The creation, which the district has, stays kept until its proofs show it.
    expect((await dev.db.relayAcked.toArray()).map((r) => r.ref)).toEqual([created.ref]);
    const [q, ...more] = await listQuarantine(dev.db);
    expect(more).toEqual([]);
    expect(q?.events.map((e) => e.type)).toEqual(['sent']);
  });

  it('takes a refusal made later once, though the district itself refused the change first', async () => {
    const dev = newDevice(1);
    const { file, port, sent, reset } = await createdAndSent(dev, false);
    // At the district (the tablet fell back), refused at once.
    await port.quarantine(sent.ref, file.id, 'keyRevoked', 'key k was revoked', reset.serverState);
    // Back at the relay, which had taken it, the district's refusal comes again, made later.
    await port.quarantineLater!(8, file.id, 'keyRevoked', 'key k was revoked', sent.update, reset);
    expect(await dev.db.quarantine.count()).toBe(1);
    expect(await port.takenLater!()).toEqual([8]);
  });

  it('a record refused whole that this tablet never held is taken and keeps nothing', async () => {
    const maker = newDevice(1);
    const file = must(
      await createFile(maker.as(clerk), { subject: 'Khasra', category: 'landRecords' }),
    );
    const change = Y.encodeStateAsUpdate(await loadRecordDoc(maker.db, file.id));
    // Another tablet of the office, told because it may have pulled the file (amendment 5).
    const other = newDevice(2);
    const port = createSyncPort(other.db, clock.now);
    const whole = { serverState: new Uint8Array(0), entries: [] };
    await port.quarantineLater!(7, file.id, 'keyRevoked', 'key k was revoked', change, whole);
    expect(await other.db.quarantine.count()).toBe(0);
    expect(await other.db.records.get(file.id)).toBeUndefined();
    expect(await port.takenLater!()).toEqual([7]);
  });

  it('a confidential record refused whole is listed only to someone on its access list', async () => {
    // A shared tablet: the clerk's confidential file reached the relay, which the district then refused whole.
    const dev = newDevice(1);
    const file = must(
      await createFile(dev.as(clerk), {
        subject: 'Vigilance complaint',
        category: 'revenue',
        grade: 'confidential',
      }),
    );
    const port = createSyncPort(dev.db, clock.now);
    const [created] = await port.takeOutgoing(64 * 1024);
    await port.acknowledge([created!.ref]);
    const change = Y.encodeStateAsUpdate(await loadRecordDoc(dev.db, file.id));
    const whole = { serverState: new Uint8Array(0), entries: [] };
    await port.quarantineLater!(9, file.id, 'keyRevoked', 'key k was revoked', change, whole);
    expect(await dev.db.records.get(file.id)).toBeUndefined();

    const mine = await listQuarantine(dev.db, clerk.id);
    expect(mine.map((q) => [q.recordId, q.whole])).toEqual([[file.id, true]]);
    // The tehsildar, signed in on the same tablet, is not on the file's access list.
    expect(await listQuarantine(dev.db, tehsildar.id)).toEqual([]);
    const exported = async (viewer: typeof clerk.id) =>
      (await exportQuarantine(dev.db, { now: clock.now(), viewer })).entries.length;
    expect(await exported(clerk.id)).toBe(1);
    expect(await exported(tehsildar.id)).toBe(0);
  });

  it('a draft noting on a record refused whole stays in view with its refused change', async () => {
    const dev = newDevice(1);
    const c = dev.as(clerk);
    const file = must(await createFile(c, { subject: 'Khasra', category: 'landRecords' }));
    const port = createSyncPort(dev.db, clock.now);
    const [created] = await port.takeOutgoing(64 * 1024);
    await port.acknowledge([created!.ref]);
    // Unsent words: a yellow noting lives in drafts, shown only on the record's page.
    must(await saveDraft(c, file.id, 'सीमांकन की तिथि तय करें'));
    const change = Y.encodeStateAsUpdate(await loadRecordDoc(dev.db, file.id));
    const whole = { serverState: new Uint8Array(0), entries: [] };
    await port.quarantineLater!(11, file.id, 'keyRevoked', 'key k was revoked', change, whole);
    expect(await dev.db.records.get(file.id)).toBeUndefined();

    const [q] = await listQuarantine(dev.db, clerk.id);
    expect(q).toMatchObject({ recordId: file.id, whole: true, draft: 'सीमांकन की तिथि तय करें' });
    // Only its author's: the tehsildar on the same tablet does not see it.
    expect((await listQuarantine(dev.db, tehsildar.id)).map((i) => i.draft)).toEqual([null]);
  });

  it('a refusal by the server the device talks to is not marked as the district’s', async () => {
    const dev = newDevice(1);
    const file = must(
      await createFile(dev.as(clerk), { subject: 'Khasra', category: 'landRecords' }),
    );
    const port = createSyncPort(dev.db, clock.now);
    const [refused] = await port.takeOutgoing(64 * 1024);
    await port.quarantine(refused!.ref, file.id, 'outOfScope', '', new Uint8Array());
    expect((await listQuarantine(dev.db))[0]?.upstream).toBe(false);
  });
});

describe('clock', () => {
  it('marks events unverified until a server offset is saved, then uses the corrected time', async () => {
    const dev = newDevice(1);
    const c = dev.as(clerk);
    const port = createSyncPort(dev.db, clock.now);
    const f1 = must(await createFile(c, { subject: 'Before', category: 'others' }));
    const before = await recordStateQuery(dev.db, f1.id, clock.now());
    expect(before?.holderSinceVerified).toBe(false);

    await port.saveClockOffset(5 * 60_000);
    await port.saveLastSynced(clock.now());
    const f2 = must(await createFile(c, { subject: 'After', category: 'others' }));
    const after = await recordStateQuery(dev.db, f2.id, clock.now());
    expect(after?.holderSinceVerified).toBe(true);
    expect(after?.holderSince).toBe(clock.now() + 5 * 60_000);
    expect(await readKv(dev.db, KV_KEYS.lastSynced)).toBe(clock.now());
  });
});

describe('two tablets', () => {
  it('a recipient whose clock runs an hour behind still acts after the send it received', async () => {
    const a = newDevice(1);
    const behind = { now: () => clock.now() - 60 * 60_000, advance: clock.advance };
    const b = testDevice('sync-store', behind, { idPrefix: 2 });
    devices.push(b);
    const portA = createSyncPort(a.db, clock.now);
    const portB = createSyncPort(b.db, behind.now);

    const file = must(
      await createFile(a.as(clerk), { subject: 'Khasra', category: 'landRecords' }),
    );
    must(await saveDraft(a.as(clerk), file.id, 'note 1'));
    must(await sendRecord(a.as(clerk), file.id, toTehsildar));
    const fromA = await portA.takeOutgoing(64 * 1024);
    await portA.acknowledge(fromA.map((o) => o.ref));
    await portB.applyIncoming(
      fromA.map((o, i) => ({ seq: i + 1, ...o })),
      fromA.length,
    );

    const t = b.as(tehsildar);
    must(await saveDraft(t, file.id, 'note 2'));
    must(await sendRecord(t, file.id, { ...toTehsildar, to: clerk.id }));
    const fromB = await portB.takeOutgoing(64 * 1024);
    await portA.applyIncoming(
      fromB.map((o, i) => ({ seq: i + 5, ...o })),
      5,
    );

    const onA = await recordStateQuery(a.db, file.id, clock.now());
    const onB = await recordStateQuery(b.db, file.id, clock.now());
    expect(onA?.conflicts).toEqual([]);
    expect(onA?.holder).toBe(clerk.id);
    expect(onA?.notes.map((n) => n.text)).toEqual(['note 1', 'note 2']);
    expect(onB).toEqual(onA);
    expect(await a.db.records.toArray()).toEqual(await b.db.records.toArray());
  });
});

describe('what an office relay acknowledged of a person whose access is revoked', () => {
  it('is not kept to send again', async () => {
    const dev = newDevice(1);
    await writeKv(dev.db, KV_KEYS.districtKey, 'd'.repeat(43));
    await writeKv(dev.db, KV_KEYS.logKey, 'r'.repeat(43));
    const file = must(
      await createFile(dev.as(clerk), { subject: 'Khasra', category: 'landRecords' }),
    );
    const port = createSyncPort(dev.db, clock.now);
    const [created] = await port.takeOutgoing(64 * 1024);
    await port.acknowledge([created!.ref]);
    expect(await dev.db.relayAcked.where('recordId').equals(file.id).count()).toBe(1);
    // The tehsildar stays on the tablet and may read the file: it stays, the clerk's work goes.
    const empty = new Uint8Array();
    await dev.db.accounts.put({
      username: 'tehsildar',
      hash: empty,
      salt: empty,
      iterations: 1,
      person: tehsildar,
    });
    await wipeRevokedPerson(dev.db, clerk, clock.now());
    expect(await dev.db.records.get(file.id)).toBeDefined();
    expect(await dev.db.relayAcked.count()).toBe(0);
  });
});
