import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asDeviceId, asRecordId } from '@domain/ids.ts';
import { decodeFrame, encodeFrame } from '@protocol/codec.ts';
import {
  MAX_TAKEN_PER_REQUEST,
  PAGE_BYTES,
  PROTOCOL_VERSION,
  type SyncRequest,
} from '@protocol/messages.ts';
import {
  openLaterRefusals,
  type LaterRefusals,
} from '../../../sync-server/relay/later-refusals.ts';
import { SQLITE_FILE } from '../../../sync-server/storage/sqlite.ts';
import { tellLaterRefusals } from '../../../sync-server/relay/tell-refusals.ts';
import type { ServerStorage } from '../../../sync-server/storage/types.ts';
import { emptySyncResponse } from '../../fixtures/sync-response.ts';

/**
 * An office relay's store of the district's refusals (decision 0013) and how a
 * tablet's sync answer carries them: each tablet whose work it was is told until
 * it names the refusal as taken; the same refusal kept twice is one; a relay
 * opened again still has them; a tablet of protocol 13 or 14 is not told (it
 * could not read them) and they wait for it.
 */

const CLERK_TABLET = asDeviceId('3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a01');
const TEHSILDAR_TABLET = asDeviceId('3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a02');
const FILE = asRecordId('3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5aaa');
const refused = {
  recordId: FILE,
  reason: 'keyRevoked' as const,
  detail: 'key k was revoked',
  change: new Uint8Array([1, 2, 3]),
  whole: false,
  at: 5,
};

/** Only what tellLaterRefusals reads of the storage: the record as the relay holds it now. */
const storage = {
  recordState: async () => new Uint8Array([9]),
  recordLog: async () => [],
} as unknown as ServerStorage;

const request = (deviceId: typeof CLERK_TABLET, protocol: number, taken?: number[]) =>
  ({
    type: 'syncRequest',
    protocol,
    deviceId,
    cursor: 0,
    updates: [],
    ...(taken === undefined ? {} : { taken }),
  }) satisfies SyncRequest;

const answer = emptySyncResponse();

describe("the relay's refusals made later", () => {
  let dir = '';
  let store: LaterRefusals;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'patravali-later-'));
    store = openLaterRefusals(dir);
  });
  afterEach(async () => {
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps one refusal per change, for each tablet until it says it took it, across a restart', () => {
    const id = store.add(refused, [CLERK_TABLET, TEHSILDAR_TABLET]);
    expect(store.add(refused, [CLERK_TABLET])).toBe(id);
    store.close();
    store = openLaterRefusals(dir);
    expect(store.pending(CLERK_TABLET, 1000, 1000).refusals.map((r) => r.id)).toEqual([id]);
    store.taken(CLERK_TABLET, [id], 6);
    expect(store.pending(CLERK_TABLET, 1000, 1000)).toEqual({ refusals: [], more: false });
    expect(store.pending(TEHSILDAR_TABLET, 1000, 1000).refusals).toMatchObject([
      { id, recordId: FILE, reason: 'keyRevoked', change: refused.change },
    ]);
  });

  it('sends at least one within the byte budget, the rest at the next syncs', () => {
    const first = store.add(refused, [CLERK_TABLET]);
    const second = store.add({ ...refused, change: new Uint8Array(50) }, [CLERK_TABLET]);
    expect(store.pending(CLERK_TABLET, 10, 1000)).toMatchObject({
      refusals: [{ id: first }],
      more: true,
    });
    expect(store.pending(CLERK_TABLET, 1000, 1000).refusals.map((r) => r.id)).toEqual([
      first,
      second,
    ]);
  });

  it("adds them to a protocol 15 tablet's answer until it names them as taken", async () => {
    const id = store.add(refused, [CLERK_TABLET]);
    const ctx = { laterRefusals: store, storage, now: () => 7 };
    const told = await tellLaterRefusals(ctx, request(CLERK_TABLET, PROTOCOL_VERSION), answer);
    expect(told.refusals).toEqual([
      {
        ref: 0,
        recordId: FILE,
        reason: 'keyRevoked',
        detail: 'key k was revoked',
        serverState: new Uint8Array([9]),
        entries: [],
        later: { id, change: refused.change },
      },
    ]);
    // Not another tablet's.
    const other = await tellLaterRefusals(ctx, request(TEHSILDAR_TABLET, PROTOCOL_VERSION), answer);
    expect(other).toBe(answer);
    const after = await tellLaterRefusals(
      ctx,
      request(CLERK_TABLET, PROTOCOL_VERSION, [id]),
      answer,
    );
    expect(after.refusals).toEqual([]);
  });

  it('says more while refusals wait past the page, so one sync run brings them all', async () => {
    // Three refused changes of 40 KB each: half a page (64 KB) carries one at a time.
    const ids = [1, 2, 3].map((n) =>
      store.add({ ...refused, change: new Uint8Array(40 * 1024).fill(n) }, [CLERK_TABLET]),
    );
    const ctx = { laterRefusals: store, storage, now: () => 7 };
    const heard: number[] = [];
    let taken: number[] | undefined;
    for (let i = 0; i < ids.length; i++) {
      const told = await tellLaterRefusals(
        ctx,
        request(CLERK_TABLET, PROTOCOL_VERSION, taken),
        answer,
      );
      taken = told.refusals.map((r) => r.later?.id ?? 0);
      heard.push(...taken);
      // More waits after every page but the last.
      expect(told.more).toBe(i < ids.length - 1);
    }
    expect(heard).toEqual(ids);
    const after = await tellLaterRefusals(
      ctx,
      request(CLERK_TABLET, PROTOCOL_VERSION, taken),
      answer,
    );
    expect(after).toBe(answer);
  });

  it('tells at most as many as a request may name taken, and refuses a request naming more', async () => {
    const ids = Array.from({ length: MAX_TAKEN_PER_REQUEST + 1 }, (_, n) =>
      store.add({ ...refused, change: new Uint8Array([n % 256, n >> 8]) }, [CLERK_TABLET]),
    );
    const ctx = { laterRefusals: store, storage, now: () => 7 };
    const told = await tellLaterRefusals(ctx, request(CLERK_TABLET, PROTOCOL_VERSION), answer);
    expect(told.refusals).toHaveLength(MAX_TAKEN_PER_REQUEST);
    expect(told.more).toBe(true);
    // A request naming them all is refused as the relay's route decodes it, before any is marked.
    const frame = decodeFrame(encodeFrame(request(CLERK_TABLET, PROTOCOL_VERSION, ids)));
    expect(frame).toMatchObject({ ok: false, error: { code: 'frameMalformed' } });
    expect(store.pending(CLERK_TABLET, PAGE_BYTES, 2 * ids.length).refusals).toHaveLength(
      ids.length,
    );
  });

  it('tells a record the district refused whole with nothing of it, whatever the relay holds', async () => {
    const id = store.add({ ...refused, whole: true }, [CLERK_TABLET]);
    store.close();
    store = openLaterRefusals(dir);
    const ctx = { laterRefusals: store, storage, now: () => 7 };
    const told = await tellLaterRefusals(ctx, request(CLERK_TABLET, PROTOCOL_VERSION), answer);
    expect(told.refusals).toEqual([
      {
        ref: 0,
        recordId: FILE,
        reason: 'keyRevoked',
        detail: 'key k was revoked',
        serverState: new Uint8Array(0),
        entries: [],
        later: { id, change: refused.change },
      },
    ]);
  });

  it("opens a relay's refusals kept before `whole`, as not whole", () => {
    store.close();
    const db = new BetterSqlite3(join(dir, SQLITE_FILE));
    db.exec(`
      DROP TABLE relay_refusal_devices; DROP TABLE relay_refusals;
      CREATE TABLE relay_refusals (id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE,
        record_id TEXT NOT NULL, reason TEXT NOT NULL, detail TEXT NOT NULL, change BLOB NOT NULL,
        at INTEGER NOT NULL);
      CREATE TABLE relay_refusal_devices (refusal_id INTEGER NOT NULL REFERENCES relay_refusals (id),
        device_id TEXT NOT NULL, taken_at INTEGER, PRIMARY KEY (refusal_id, device_id));
      INSERT INTO relay_refusals (key, record_id, reason, detail, change, at)
        VALUES ('old', '${FILE}', 'keyRevoked', 'key k was revoked', x'010203', 5);
      INSERT INTO relay_refusal_devices (refusal_id, device_id) VALUES (1, '${CLERK_TABLET}');
    `);
    db.close();
    store = openLaterRefusals(dir);
    expect(store.pending(CLERK_TABLET, 1000, 1000).refusals).toEqual([{ id: 1, ...refused }]);
    const id = store.add({ ...refused, change: new Uint8Array([4]), whole: true }, [CLERK_TABLET]);
    expect(store.pending(CLERK_TABLET, 1000, 1000).refusals[1]).toMatchObject({ id, whole: true });
  });

  it('holds a push the district could not read, merged with what it held of the record, across a restart', () => {
    const doc = new Y.Doc();
    const step = (key: string) => {
      const before = Y.encodeStateVector(doc);
      doc.getMap('meta').set(key, key);
      return Y.encodeStateAsUpdate(doc, before);
    };
    const first = step('a');
    const second = step('b');
    expect(store.hold(FILE, first, 5, (tries) => 5 + tries)).toBe(true);
    // Pushed again with only its newer rows (a later page of the run): both parts are kept.
    expect(store.hold(FILE, second, 6, (tries) => 6 + tries * 10)).toBe(false);
    store.close();
    store = openLaterRefusals(dir);
    const [held, ...more] = store.held();
    expect(more).toEqual([]);
    const read = new Y.Doc();
    Y.applyUpdate(read, held?.update ?? new Uint8Array(0));
    expect({ id: held?.recordId, meta: read.getMap('meta').toJSON() }).toEqual({
      id: FILE,
      meta: { a: 'a', b: 'b' },
    });
    // Held since it was first held (the relay's /healthz shows it); two tries counted, and
    // when it goes again alone is the second's answer, both kept across the restart.
    expect(held).toMatchObject({ since: 5, tries: 2, nextAt: 26 });
    store.release(FILE);
    expect(store.held()).toEqual([]);
  });

  it('opens a relay data directory held before its tries were counted; what it held goes at the next run', () => {
    store.close();
    const db = new BetterSqlite3(join(dir, SQLITE_FILE));
    db.exec(`
      DROP TABLE relay_held_pushes;
      CREATE TABLE relay_held_pushes (record_id TEXT PRIMARY KEY, update_bytes BLOB NOT NULL,
        at INTEGER NOT NULL);
      INSERT INTO relay_held_pushes (record_id, update_bytes, at) VALUES ('${FILE}', x'0000', 5);
    `);
    db.close();
    store = openLaterRefusals(dir);
    expect(store.held()).toEqual([
      { recordId: FILE, update: new Uint8Array([0, 0]), since: 5, tries: 0, nextAt: 0 },
    ]);
    // Refused again by the damaged copy: its first counted try.
    expect(store.hold(FILE, new Uint8Array([0, 0]), 9, (tries) => 9 + tries * 100)).toBe(false);
    expect(store.held()).toMatchObject([{ since: 5, tries: 1, nextAt: 109 }]);
  });

  it('keeps them for a protocol 13 or 14 tablet, which cannot read them', async () => {
    store.add(refused, [CLERK_TABLET]);
    const ctx = { laterRefusals: store, storage, now: () => 7 };
    for (const protocol of [13, 14])
      expect(await tellLaterRefusals(ctx, request(CLERK_TABLET, protocol), answer)).toBe(answer);
    expect(store.pending(CLERK_TABLET, 1000, 1000).refusals).toHaveLength(1);
  });
});
