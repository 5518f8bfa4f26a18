import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeB64url } from '@doc/signature.ts';
import type { SignedTreeHead } from '@doc/tree-head.ts';
import { KV_KEYS, readKv, writeKv, type PatravaliDb } from '@storage/db/db.ts';
import { keepLogKey, readLogWatch } from '@storage/sync/log-watch.ts';
import { createSyncPort } from '@storage/sync/sync-store.ts';
import { forgetTierCursors, switchTier, TIER_WAIT_MS, waitsForTier } from '@storage/sync/tiers.ts';
import { freshDb } from './helpers.ts';

/**
 * The tiers a tablet knows under its one address (src/storage/sync/tiers.ts,
 * decision 0015): the keys a sign-in named, and a switch that keeps each tier's
 * head, generation, cursors and joins for when it answers again.
 */

const dbs: PatravaliDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

async function tablet(): Promise<PatravaliDb> {
  const db = freshDb('tiers');
  dbs.push(db);
  await db.open();
  return db;
}

const rawKey = (n: number): Uint8Array => new Uint8Array(32).fill(n);
const RELAY = encodeB64url(rawKey(1));
const DISTRICT = encodeB64url(rawKey(2));
const STRANGER = encodeB64url(rawKey(3));

const head = (size: number): SignedTreeHead => ({
  size,
  root: new Uint8Array(32).fill(size),
  time: 1000 + size,
  sig: new Uint8Array(64).fill(size),
});

describe('the tiers a tablet knows', () => {
  it("keeps a relay's key as current and its district's as the other tier", async () => {
    const db = await tablet();
    await keepLogKey(db, RELAY, DISTRICT);
    const watch = await readLogWatch(db);
    expect(watch.key).toEqual(rawKey(1));
    expect(watch.others).toEqual([rawKey(2)]);
  });

  it('takes a later pair only when it names a key kept already', async () => {
    const db = await tablet();
    await keepLogKey(db, DISTRICT);
    expect((await readLogWatch(db)).others).toEqual([]);
    // A server of another key, naming no key known here: not taken.
    await keepLogKey(db, STRANGER);
    await keepLogKey(db, STRANGER, encodeB64url(rawKey(4)));
    expect((await readLogWatch(db)).others).toEqual([]);
    expect(await readKv(db, KV_KEYS.logKey)).toBe(DISTRICT);
    // The relay of the district known here.
    await keepLogKey(db, RELAY, DISTRICT);
    expect(await readKv(db, KV_KEYS.logKey)).toBe(DISTRICT);
    expect((await readLogWatch(db)).others).toEqual([rawKey(1)]);
  });

  it("switches: the current tier's head, generation, cursors and join are kept, the other's taken", async () => {
    const db = await tablet();
    await keepLogKey(db, RELAY, DISTRICT);
    const port = createSyncPort(db);
    await port.keepTreeHead?.(head(7));
    await writeKv(db, KV_KEYS.generation, 1);
    await writeKv(db, KV_KEYS.cursor, { 'clerk.vikasnagar': 40 });

    await switchTier(db, rawKey(2), 1);
    // The district was never synced with: nothing of it yet.
    expect(await readLogWatch(db)).toEqual({ key: rawKey(2), head: null, others: [rawKey(1)] });
    expect(await readKv(db, KV_KEYS.cursor)).toBeUndefined();
    expect(await readKv(db, KV_KEYS.generation)).toBeUndefined();
    await port.keepTreeHead?.(head(90));
    await writeKv(db, KV_KEYS.generation, 3);
    await writeKv(db, KV_KEYS.cursor, { 'clerk.vikasnagar': 700 });

    await switchTier(db, rawKey(1), 1);
    const back = await readLogWatch(db);
    expect(back.key).toEqual(rawKey(1));
    expect(back.head?.size).toBe(7);
    expect(back.others).toEqual([rawKey(2)]);
    expect(await readKv(db, KV_KEYS.cursor)).toEqual({ 'clerk.vikasnagar': 40 });
    expect(await readKv(db, KV_KEYS.generation)).toBe(1);
    // And the district's, kept for its next answer.
    await switchTier(db, rawKey(2), 1);
    expect((await readLogWatch(db)).head?.size).toBe(90);
    expect(await readKv(db, KV_KEYS.cursor)).toEqual({ 'clerk.vikasnagar': 700 });
    expect(await readKv(db, KV_KEYS.generation)).toBe(3);
  });

  it('lets a change refused for missing dependencies wait for a week after a switch', async () => {
    const db = await tablet();
    await keepLogKey(db, RELAY, DISTRICT);
    expect(await waitsForTier(db, 5_000)).toBe(false);
    await switchTier(db, rawKey(2), 5_000);
    expect(await waitsForTier(db, 5_000 + TIER_WAIT_MS - 1)).toBe(true);
    expect(await waitsForTier(db, 5_000 + TIER_WAIT_MS)).toBe(false);
  });

  it('does not switch to a key no sign-in named', async () => {
    const db = await tablet();
    await keepLogKey(db, RELAY, DISTRICT);
    await writeKv(db, KV_KEYS.cursor, { 'clerk.vikasnagar': 40 });
    await switchTier(db, rawKey(3), 1);
    expect(await readKv(db, KV_KEYS.logKey)).toBe(RELAY);
    expect(await readKv(db, KV_KEYS.cursor)).toEqual({ 'clerk.vikasnagar': 40 });
  });

  it("forgets the other tiers' cursors when the records are wiped, keeping their keys and heads", async () => {
    const db = await tablet();
    await keepLogKey(db, RELAY, DISTRICT);
    await createSyncPort(db).keepTreeHead?.(head(7));
    await writeKv(db, KV_KEYS.cursor, { 'clerk.vikasnagar': 40 });
    await switchTier(db, rawKey(2), 1);
    await db.transaction('rw', db.kv, () => forgetTierCursors(db));
    await switchTier(db, rawKey(1), 1);
    expect(await readKv(db, KV_KEYS.cursor)).toBeUndefined();
    expect((await readLogWatch(db)).head?.size).toBe(7);
  });

  it("a new data generation at the tier answering wipes the other tier's cursors too", async () => {
    const db = await tablet();
    await keepLogKey(db, RELAY, DISTRICT);
    await writeKv(db, KV_KEYS.cursor, { 'clerk.vikasnagar': 40 });
    await switchTier(db, rawKey(2), 1);
    await createSyncPort(db).startGeneration?.(5, true);
    await switchTier(db, rawKey(1), 1);
    expect(await readKv(db, KV_KEYS.cursor)).toBeUndefined();
  });
});
