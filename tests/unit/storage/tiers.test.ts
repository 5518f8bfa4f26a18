import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeB64url } from '@doc/signature.ts';
import type { SignedTreeHead } from '@doc/tree-head.ts';
import { KV_KEYS, readKv, writeKv, type PatravaliDb } from '@storage/db/db.ts';
import { keepLogKey, readLogWatch } from '@storage/sync/log-watch.ts';
import { createSyncPort } from '@storage/sync/sync-store.ts';
import {
  districtKeyOf,
  forgetTierCursors,
  keepVouchedTier,
  MISS_WINDOW_MS,
  switchTier,
  TIER_WAIT_MS,
  vouchSigners,
  waitsForTier,
} from '@storage/sync/tiers.ts';
import { asDeviceId } from '@domain/ids.ts';
import type { SessionResponse } from '@protocol/api.ts';
import type { ApiClient, SignInResult } from '@ui/services/api-client.ts';
import { signIn } from '@ui/services/sign-in.ts';
import { confirmProvisionalSession, saveSession } from '@storage/session/session.ts';
import { createSyncStatusStore } from '@sync/status.ts';
import { runSync } from '@sync/sync-run.ts';
import { clerk, directory, freshDb } from './helpers.ts';

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

  it('counts the syncs in a row its own address missed, through the port, until one answers or ten minutes pass', async () => {
    const db = await tablet();
    const port = createSyncPort(db);
    expect(await port.ownAddressMissed?.(true, 1_000)).toBe(1);
    // Kept on the device: another port (a reload, a new engine) goes on counting.
    expect(await createSyncPort(db).ownAddressMissed?.(true, 3_000)).toBe(2);
    expect(await port.ownAddressMissed?.(false)).toBe(0);
    expect(await readKv(db, KV_KEYS.ownAddressMisses)).toBeUndefined();
    expect(await port.ownAddressMissed?.(true, 5_000)).toBe(1);
    // A miss last night and one this morning are not two in a row.
    expect(await port.ownAddressMissed?.(true, 5_000 + MISS_WINDOW_MS + 1)).toBe(1);
    expect(await port.ownAddressMissed?.(true, 5_000 + MISS_WINDOW_MS + 2)).toBe(2);
  });

  it('does not switch to a key no sign-in named', async () => {
    const db = await tablet();
    await keepLogKey(db, RELAY, DISTRICT);
    await writeKv(db, KV_KEYS.cursor, { 'clerk.vikasnagar': 40 });
    await switchTier(db, rawKey(3), 1);
    expect(await readKv(db, KV_KEYS.logKey)).toBe(RELAY);
    expect(await readKv(db, KV_KEYS.cursor)).toEqual({ 'clerk.vikasnagar': 40 });
  });

  it('keeps a relay the district vouched for as a tier with nothing kept yet, once', async () => {
    const db = await tablet();
    // Nobody signed in yet: nothing is kept on a vouch's word.
    await keepVouchedTier(db, rawKey(1));
    expect(await readKv(db, KV_KEYS.logTiers)).toBeUndefined();
    await keepLogKey(db, DISTRICT);
    await keepVouchedTier(db, rawKey(2));
    expect(await readKv(db, KV_KEYS.logTiers)).toBeUndefined();
    await keepVouchedTier(db, rawKey(1));
    expect(await readKv(db, KV_KEYS.logTiers)).toEqual({ [RELAY]: {} });
    await switchTier(db, rawKey(1), 1);
    await writeKv(db, KV_KEYS.cursor, { 'clerk.vikasnagar': 7 });
    // Vouched again later: what is kept of it stays.
    await switchTier(db, rawKey(2), 2);
    await keepVouchedTier(db, rawKey(1));
    expect(await readKv(db, KV_KEYS.logTiers)).toEqual({
      [RELAY]: { cursor: { 'clerk.vikasnagar': 7 } },
    });
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

describe("which key is the district's (decision 0017, amendment 1)", () => {
  it("reads the district's key from a sign-in's answer", () => {
    expect(districtKeyOf({ logKey: DISTRICT })).toBe(DISTRICT);
    expect(districtKeyOf({ logKey: RELAY, districtLogKey: DISTRICT })).toBe(DISTRICT);
    expect(districtKeyOf({ logKey: RELAY, provisional: true })).toBeUndefined();
    expect(districtKeyOf({ logKey: RELAY, fallback: 'https://d.example' })).toBeUndefined();
    expect(districtKeyOf({ logKey: RELAY, districtLogKey: DISTRICT, provisional: true })).toBe(
      DISTRICT,
    );
  });

  it('records the first one a kept answer names, and never replaces it', async () => {
    const db = await tablet();
    // A relay's answer: the relay current, the district the other tier and recorded.
    await keepLogKey(db, RELAY, DISTRICT, false, DISTRICT);
    expect(await readKv(db, KV_KEYS.districtKey)).toBe(DISTRICT);
    // The relay (a known key) later names another district: taken as a tier as before,
    // but not as the district's.
    await keepLogKey(db, RELAY, STRANGER, false, STRANGER);
    expect(await readKv(db, KV_KEYS.districtKey)).toBe(DISTRICT);
  });

  it('records no key the answer did not get kept, none taken on a vouch, and nothing malformed', async () => {
    const db = await tablet();
    await keepLogKey(db, RELAY);
    // An answer naming no key known here is not taken: nothing recorded either.
    await keepLogKey(db, STRANGER, undefined, false, STRANGER);
    expect(await readKv(db, KV_KEYS.districtKey)).toBeUndefined();
    // A key taken on a vouch is never the district's.
    await keepVouchedTier(db, rawKey(4));
    await keepLogKey(db, RELAY, encodeB64url(rawKey(4)), false, encodeB64url(rawKey(4)));
    expect(await readKv(db, KV_KEYS.districtKey)).toBeUndefined();
    await keepLogKey(db, RELAY, 'not-a-key', false, 'not-a-key');
    expect(await readKv(db, KV_KEYS.districtKey)).toBeUndefined();
  });
});

describe("an older tablet's first district key (decision 0017, amendment 1)", () => {
  /** A tablet of a build before amendment 1: it signed in at the relay, which named the district. */
  async function older(): Promise<PatravaliDb> {
    const db = await tablet();
    await keepLogKey(db, RELAY, DISTRICT);
    expect(await readKv(db, KV_KEYS.districtKey)).toBeUndefined();
    return db;
  }
  const signedIn = (db: PatravaliDb, answer: { logKey: string; districtLogKey?: string }) =>
    keepLogKey(db, answer.logKey, answer.districtLogKey, false, districtKeyOf(answer));

  it('does not record a known relay that answers as if it were the district', async () => {
    const db = await older();
    // The relay leaves out districtLogKey, provisional and fallback: it reads as the district's.
    await signedIn(db, { logKey: RELAY });
    expect(await readKv(db, KV_KEYS.districtKey)).toBeUndefined();
    // It names itself, or a key of its own, as the district.
    await signedIn(db, { logKey: RELAY, districtLogKey: RELAY });
    await signedIn(db, { logKey: RELAY, districtLogKey: STRANGER });
    expect(await readKv(db, KV_KEYS.districtKey)).toBeUndefined();
    // Until then any key a sign-in named vouches, as before amendment 1.
    expect(await vouchSigners(db)).toHaveLength(3);
  });

  it("records the district's key a relay names once it was known here", async () => {
    const db = await older();
    await signedIn(db, { logKey: RELAY, districtLogKey: DISTRICT });
    expect(await readKv(db, KV_KEYS.districtKey)).toBe(DISTRICT);
    expect(await vouchSigners(db)).toEqual([rawKey(2)]);
  });

  it("records the district's own answer when it is the only key known", async () => {
    const db = await tablet();
    await keepLogKey(db, DISTRICT);
    await signedIn(db, { logKey: DISTRICT });
    expect(await readKv(db, KV_KEYS.districtKey)).toBe(DISTRICT);
  });
});

describe("a sign-in at the district's own address while the relay is off", () => {
  const FALLBACK = 'https://district.example';
  const answer = (logKey: string, extra: Partial<SessionResponse> = {}): SessionResponse => ({
    token: `token-${logKey.slice(0, 4)}`,
    expiresAt: 9_000_000_000_000,
    person: clerk,
    directory,
    deviceNumber: 2,
    serverTime: 0,
    logKey,
    ...extra,
  });

  /** The tablet's own address (its relay, up or off) and the fallback the relay named. */
  function api(relay: { up: boolean }, asked: string[]): ApiClient {
    const client = (origin: string, value: SessionResponse): ApiClient => ({
      signIn: (): Promise<SignInResult> => {
        asked.push(origin);
        if (origin === 'own' && !relay.up) return Promise.resolve({ ok: false, error: 'network' });
        return Promise.resolve({ ok: true, value });
      },
      at: (o) => client(o, answer(DISTRICT)),
      pendencyReport: () => Promise.reject(new Error('not used')),
      demoReset: () => Promise.resolve({ ok: false, error: 'network' }),
      searchServer: () => Promise.reject(new Error('not used')),
    });
    // The relay could not reach the district: provisional, naming no district key.
    return client('own', answer(RELAY, { provisional: true, fallback: FALLBACK }));
  }

  it("keeps the district's key when the relay's sign-in was provisional and named none", async () => {
    const db = await tablet();
    const relay = { up: true };
    const asked: string[] = [];
    const deps = {
      db,
      api: api(relay, asked),
      deviceId: asDeviceId('0b7c2f7e-1d2a-4c4b-9a55-6f0e3b1d2c3a'),
      pbkdf2Iterations: 1_000,
    };
    expect(await signIn(deps, clerk.id, 'demo1234')).toMatchObject({ ok: true });
    expect((await readLogWatch(db)).others).toEqual([]);
    // A provisional relay's answer names no district: none is recorded (decision 0017).
    expect(await readKv(db, KV_KEYS.districtKey)).toBeUndefined();
    relay.up = false;
    expect(await signIn(deps, clerk.id, 'demo1234')).toMatchObject({ ok: true });
    expect(asked).toEqual(['own', 'own', FALLBACK]);
    // The district answered itself: its key is recorded as the district's.
    expect(await readKv(db, KV_KEYS.districtKey)).toBe(DISTRICT);
    // The district the relay named answered: its heads are that tier's, not a log alarm.
    const watch = await readLogWatch(db);
    expect(watch.key).toEqual(rawKey(1));
    expect(watch.others).toEqual([rawKey(2)]);
  });

  it('takes no other key at the fallback once it knows the district', async () => {
    const db = await tablet();
    await keepLogKey(db, RELAY, STRANGER);
    const deps = {
      db,
      api: api({ up: false }, []),
      deviceId: asDeviceId('0b7c2f7e-1d2a-4c4b-9a55-6f0e3b1d2c3a'),
      pbkdf2Iterations: 1_000,
    };
    await writeKv(db, KV_KEYS.syncFallback, FALLBACK);
    expect(await signIn(deps, clerk.id, 'demo1234')).toMatchObject({ ok: true });
    // The key it knew as the district's is the one its heads are checked against.
    expect((await readLogWatch(db)).others).toEqual([rawKey(3)]);
  });

  it('still takes no unknown key from an answer at its own address', async () => {
    const db = await tablet();
    const deps = {
      db,
      api: api({ up: true }, []),
      deviceId: asDeviceId('0b7c2f7e-1d2a-4c4b-9a55-6f0e3b1d2c3a'),
      pbkdf2Iterations: 1_000,
    };
    await keepLogKey(db, STRANGER);
    expect(await signIn(deps, clerk.id, 'demo1234')).toMatchObject({ ok: true });
    expect(await readKv(db, KV_KEYS.logKey)).toBe(STRANGER);
    expect((await readLogWatch(db)).others).toEqual([]);
  });
});

describe("a session an office relay signed in without the district, at the district's address", () => {
  const DEVICE = asDeviceId('0b7c2f7e-1d2a-4c4b-9a55-6f0e3b1d2c3a');
  /** A sync at the fallback: the district does not know the relay's token. */
  const refusedThere = async (db: PatravaliDb) =>
    runSync({
      port: createSyncPort(db),
      deviceId: DEVICE,
      getToken: () => 'relay-token',
      status: createSyncStatusStore(),
      baseUrl: 'https://district.example',
      fetch: () => Promise.resolve(new Response(null, { status: 401 })),
      now: () => 1_000,
      gzip: null,
    });
  const session = {
    token: 'relay-token',
    expiresAt: 9_000_000_000_000,
    person: clerk,
    deviceNumber: 2,
    online: true,
  };

  it('is still called provisional once the district confirmed its key: the token is the relay’s', async () => {
    const db = await tablet();
    await saveSession(db, { ...session, provisional: true, signer: { keyId: 'key-1' } as never });
    expect(await refusedThere(db)).toMatchObject({ kind: 'signedOut', provisional: true });
    await confirmProvisionalSession(db, 'key-1');
    expect(await refusedThere(db)).toMatchObject({ kind: 'signedOut', provisional: true });
  });

  it("is not called provisional when the relay forwarded the sign-in (the district's token)", async () => {
    const db = await tablet();
    await saveSession(db, session);
    const outcome = await refusedThere(db);
    expect(outcome).toMatchObject({ kind: 'signedOut' });
    expect(outcome).not.toHaveProperty('provisional');
  });
});
