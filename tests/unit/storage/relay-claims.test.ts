import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { asRecordId } from '@domain/ids.ts';
import { RELAY_OWN_ORDER } from '@protocol/messages.ts';
import { KV_KEYS, writeKv, type PatravaliDb, type RecordSummary } from '@storage/db/db.ts';
import { resetRecord } from '@storage/db/record-store.ts';
import { applyPulled } from '@storage/sync/pull-check.ts';
import { claimedRecords, judgeRelayClaims } from '@storage/sync/relay-claims.ts';
import { createSyncPort } from '@storage/sync/sync-store.ts';
import { eventsInUpdate } from '@doc/update-events.ts';
import { droppedAtRelay } from '@storage/db/queries.ts';
import { createFile, finaliseDraft, saveDraft } from '@storage/services.ts';
import { clerk, fakeClock, freshDb, must, testDevice } from './helpers.ts';

/**
 * Which log entries keep an office relay's word that the district logged them
 * (storage/sync/relay-claims.ts, decision 0020): an entry the relay served as
 * waiting and now serves at a district position, and the tablet's own acknowledged
 * work at a district position; never what the district itself serves.
 */

const RELAY_KEY = 'r'.repeat(43);
const DISTRICT_KEY = 'd'.repeat(43);
const FILE = asRecordId('00000000-0000-4000-8000-00000000c001');
const OTHER = asRecordId('00000000-0000-4000-8000-00000000c002');
const entry = (eventId: string, pos: number, receivedAt = 1) => ({
  eventId,
  pos,
  receivedAt,
  notBefore: 1,
});
/** A pulled page of entries only (an empty update, which checks as nothing new). */
const pulled = (recordId: typeof FILE, entries: ReturnType<typeof entry>[]) => ({
  seq: 1,
  recordId,
  update: new Uint8Array([0, 0]),
  entries,
});
const NOW = 1_765_000_000_000;
const checks = { verify: async () => [], now: () => NOW };

let db: PatravaliDb;
afterEach(() => db?.close());

async function at(key: string) {
  db = freshDb('relay-claims');
  await writeKv(db, KV_KEYS.districtKey, DISTRICT_KEY);
  await writeKv(db, KV_KEYS.logKey, key);
}
/** Records on this tablet (their projection rows; only their being there matters here). */
const hold = (...ids: (typeof FILE)[]) =>
  db.records.bulkPut(ids.map((id) => ({ id }) as unknown as RecordSummary));
const marks = async () =>
  Object.fromEntries((await db.logEntries.toArray()).map((r) => [r.eventId, r.claimed ?? 0]));

describe("the office relay's word that the district logged an event", () => {
  it('is kept for what waited at the relay and is now served at a district position', async () => {
    await at(RELAY_KEY);
    await applyPulled(
      db,
      checks,
      [pulled(FILE, [entry('meta', 3), entry('noting', RELAY_OWN_ORDER + 1)])],
      1,
    );
    expect(await marks()).toEqual({ meta: 0, noting: 0 });
    await applyPulled(db, checks, [pulled(FILE, [entry('meta', 3), entry('noting', 7)])], 2);
    expect(await marks()).toEqual({ meta: 0, noting: 1 });
    expect(await db.logEntries.get([FILE, 'noting'])).not.toHaveProperty('atRelay');
  });

  it('notes when this tablet first kept the word, which a later answer does not move', async () => {
    await at(RELAY_KEY);
    await db.logEntries.put({
      recordId: FILE,
      ...entry('noting', RELAY_OWN_ORDER + 1),
      atRelay: 1,
    });
    await applyPulled(db, checks, [pulled(FILE, [entry('noting', 7)])], 2);
    expect(await db.logEntries.get([FILE, 'noting'])).toMatchObject({ claimed: 1, claimedAt: NOW });
    const later = { verify: async () => [], now: () => NOW + 60_000 };
    await applyPulled(db, later, [pulled(FILE, [entry('noting', 7, 5)])], 3);
    expect(await db.logEntries.get([FILE, 'noting'])).toMatchObject({
      claimed: 1,
      claimedAt: NOW,
      receivedAt: 5,
    });
  });

  it('keeps a refuted mark when the relay serves the entry again, even as waiting', async () => {
    await at(RELAY_KEY);
    await db.logEntries.bulkPut([
      { recordId: FILE, ...entry('noting', 7), claimed: 2, claimedAt: 1 },
      { recordId: FILE, ...entry('sent', 8), claimed: 1, claimedAt: 1 },
    ]);
    await applyPulled(db, checks, [pulled(FILE, [entry('noting', 7), entry('sent', 8)])], 2);
    expect(await marks()).toEqual({ noting: 2, sent: 1 });
    // Served as waiting again: the refuted word stands, the unchecked one is withdrawn.
    const waiting = [entry('noting', RELAY_OWN_ORDER + 1), entry('sent', RELAY_OWN_ORDER + 2)];
    await applyPulled(db, checks, [pulled(FILE, waiting)], 3);
    expect(await marks()).toEqual({ noting: 2, sent: 0 });
  });

  it('keeps its marks through a reset of the record (a refusal)', async () => {
    await at(RELAY_KEY);
    await db.logEntries.bulkPut([
      { recordId: FILE, ...entry('noting', 7), claimed: 2, claimedAt: 1 },
      { recordId: FILE, ...entry('sent', 8), claimed: 1, claimedAt: 1 },
      { recordId: FILE, ...entry('meta', 3) },
    ]);
    await resetRecord(db, FILE, new Uint8Array(), [entry('noting', 7), entry('meta', 3)]);
    expect(await marks()).toEqual({ noting: 2, meta: 0 });
  });

  it('is not kept for what the district itself serves', async () => {
    await at(DISTRICT_KEY);
    await db.logEntries.put({
      recordId: FILE,
      ...entry('noting', RELAY_OWN_ORDER + 1),
      atRelay: 1,
    });
    await applyPulled(db, checks, [pulled(FILE, [entry('noting', 7)])], 2);
    expect(await marks()).toEqual({ noting: 0 });
  });

  it("is kept for the tablet's own acknowledged work the relay says the district logged", async () => {
    await at(RELAY_KEY);
    const port = createSyncPort(db);
    await port.saveLogged?.([
      { recordId: FILE, entries: [entry('noting', 9), entry('sent', RELAY_OWN_ORDER + 2)] },
    ]);
    expect(await marks()).toEqual({ noting: 1, sent: 0 });
  });

  it('records holding claims are checked in turn', async () => {
    await at(RELAY_KEY);
    await db.logEntries.bulkPut([
      { recordId: OTHER, ...entry('a', 1), claimed: 1 },
      { recordId: FILE, ...entry('b', 2), claimed: 2 },
      { recordId: FILE, ...entry('c', 3) },
    ]);
    // Neither on this tablet (its events are needed to check): none asked about.
    expect(await claimedRecords(db, 5)).toEqual([]);
    await hold(FILE, OTHER);
    expect(await claimedRecords(db, 1)).toEqual([FILE]);
    expect(await claimedRecords(db, 1, FILE)).toEqual([OTHER]);
    expect(await claimedRecords(db, 5, OTHER)).toEqual([FILE, OTHER]);
  });

  it('an answer out of shape judges nothing; the district having no such record refutes every claim on it', async () => {
    await at(RELAY_KEY);
    await db.logEntries.bulkPut([
      { recordId: FILE, ...entry('a', 1), claimed: 1 },
      { recordId: FILE, ...entry('b', 2) },
    ]);
    expect(await judgeRelayClaims(db, FILE, { head: 'no' })).toHaveProperty('unusable');
    expect(await marks()).toEqual({ a: 1, b: 0 });
    expect(await judgeRelayClaims(db, FILE, 'absent')).toEqual({
      proven: 0,
      refuted: 1,
      open: 0,
      overdue: 0,
    });
    expect(await marks()).toEqual({ a: 2, b: 0 });
  });
});

describe('what an office relay acknowledged', () => {
  /** An outbox row carrying a real Yjs update (the outbox merges a record's rows). */
  const outboxRow = (recordId: typeof FILE, n: number) => {
    const doc = new Y.Doc();
    doc.getArray('x').push([n]);
    return { recordId, update: Y.encodeStateAsUpdate(doc), at: 1 };
  };
  const add = async (row: ReturnType<typeof outboxRow>) => (await db.outbox.add(row)) as number;

  it('is kept when the relay acknowledges it, and not when the district does', async () => {
    await at(RELAY_KEY);
    const port = createSyncPort(db);
    const [a, b] = [await add(outboxRow(FILE, 1)), await add(outboxRow(FILE, 2))];
    await port.acknowledge([b]);
    expect(await db.outbox.count()).toBe(0);
    expect((await db.relayAcked.toArray()).map((r) => [r.ref, r.by])).toEqual([
      [a, RELAY_KEY],
      [b, RELAY_KEY],
    ]);
    await writeKv(db, KV_KEYS.logKey, DISTRICT_KEY);
    await db.relayAcked.clear();
    const c = await add(outboxRow(OTHER, 3));
    await port.acknowledge([c]);
    expect(await db.relayAcked.count()).toBe(0);
  });

  it('goes back to the outbox, before later work and in its order, once another tier answers', async () => {
    await at(RELAY_KEY);
    const port = createSyncPort(db);
    const first = await add(outboxRow(FILE, 1));
    await port.acknowledge([first]);
    const later = await add(outboxRow(FILE, 2));
    // The relay that took it answers: nothing goes again.
    await port.takeOutgoing(1 << 20);
    expect(await db.outbox.toCollection().primaryKeys()).toEqual([later]);
    // A scan of that file and one of another went up to the relay.
    const scan = (sha256: string, recordId: typeof FILE, queuedAt = 1) => ({
      sha256,
      recordId,
      name: 'scan.pdf',
      mime: 'application/pdf',
      size: 10,
      queuedAt,
      state: 'done' as const,
      sent: 10,
    });
    // (And one of the file's from before that work, which went up with work long confirmed.)
    await db.scanUploads.bulkPut([
      scan('a'.repeat(64), FILE),
      scan('b'.repeat(64), OTHER),
      scan('c'.repeat(64), FILE, 0),
    ]);
    // The district answers (or a relay rebuilt with another key): it goes again, first.
    await writeKv(db, KV_KEYS.logKey, DISTRICT_KEY);
    const out = await port.takeOutgoing(1 << 20);
    expect(await db.outbox.toCollection().primaryKeys()).toEqual([first, later]);
    expect(out.map((u) => [u.recordId, u.ref])).toEqual([[FILE, later]]);
    expect(await db.relayAcked.count()).toBe(0);
    // So does the file's scan: the relay may never have passed it on either.
    expect((await db.scanUploads.toArray()).map((u) => [u.recordId, u.state, u.sent])).toEqual([
      [FILE, 'waiting', 0],
      [OTHER, 'done', 10],
      [FILE, 'done', 10],
    ]);
  });

  it('is kept as dropped when the relay gives no log entry for one of its events', async () => {
    const device = testDevice('relay-dropped', fakeClock());
    db = device.db;
    await writeKv(db, KV_KEYS.districtKey, DISTRICT_KEY);
    await writeKv(db, KV_KEYS.logKey, RELAY_KEY);
    const ctx = device.as(clerk);
    const made = must(await createFile(ctx, { subject: 'नामांतरण', category: 'revenue' }));
    must(await saveDraft(ctx, made.id, 'पंजी देखी गई'));
    must(await finaliseDraft(ctx, made.id));
    must(await saveDraft(ctx, made.id, 'स्थल निरीक्षण किया गया'));
    must(await finaliseDraft(ctx, made.id));
    const rows = await db.outbox.orderBy('ref').toArray();
    const events = rows.flatMap((r) => eventsInUpdate(r.update));
    expect(events.length).toBeGreaterThan(1);
    const logged = (ids: readonly string[]) => [
      { recordId: made.id, entries: ids.map((id, i) => entry(id, RELAY_OWN_ORDER + i)) },
    ];
    const port = createSyncPort(db);
    const last = rows.at(-1)?.ref as number;
    // Every event logged: kept, not dropped.
    await port.acknowledge([last], logged(events.map((e) => e.id)));
    expect((await db.relayAcked.toArray()).map((r) => r.unlogged)).toEqual(
      rows.map(() => undefined),
    );
    expect(await droppedAtRelay(db)).toBe(0);
    // The same work acknowledged with one event's entry left out: that row is dropped.
    await db.relayAcked.clear();
    await db.outbox.bulkPut(rows);
    await port.acknowledge([last], logged(events.slice(1).map((e) => e.id)));
    expect(await droppedAtRelay(db)).toBe(1);
    // A server that gives no entries at all (before protocol 3) says nothing of it.
    await db.relayAcked.clear();
    await db.outbox.bulkPut(rows);
    await port.acknowledge([last]);
    expect(await droppedAtRelay(db)).toBe(0);
    expect(await db.relayAcked.count()).toBe(rows.length);
  });

  it('is not kept while the tablet knows no district key (a provisional sign-in at the relay)', async () => {
    // Nothing could release it: the district's proofs cannot be checked without its key.
    db = freshDb('relay-claims');
    await writeKv(db, KV_KEYS.logKey, RELAY_KEY);
    await writeKv(db, KV_KEYS.session, { provisional: true });
    await createSyncPort(db).acknowledge([await add(outboxRow(FILE, 1))]);
    expect(await db.relayAcked.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('is checked in its turn with the records holding claims', async () => {
    await at(RELAY_KEY);
    await db.relayAcked.put({ ...outboxRow(OTHER, 1), ref: 9, by: RELAY_KEY });
    await hold(OTHER);
    expect(await claimedRecords(db, 5)).toEqual([OTHER]);
  });

  it('is forgotten with everything else when the server starts a new data generation', async () => {
    await at(RELAY_KEY);
    await db.relayAcked.put({ ...outboxRow(OTHER, 1), ref: 9, by: RELAY_KEY });
    await createSyncPort(db).startGeneration?.(2, true);
    expect(await db.relayAcked.count()).toBe(0);
  });
});
