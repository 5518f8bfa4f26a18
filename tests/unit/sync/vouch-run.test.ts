import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import { relayVouchBytes } from '@doc/relay-vouch.ts';
import { encodeB64url } from '@doc/signature.ts';
import { treeHeadBytes } from '@doc/tree-head.ts';
import { asDeviceId } from '@domain/ids.ts';
import { encodeFrame } from '@protocol/codec.ts';
import { KV_KEYS, readKv, writeKv, type PatravaliDb } from '@storage/db/db.ts';
import { saveSession } from '@storage/session/session.ts';
import { keepLogKey, lastLogAlarm } from '@storage/sync/log-watch.ts';
import { createSyncPort } from '@storage/sync/sync-store.ts';
import { createSyncEngine } from '@sync/engine.ts';
import { createSyncStatusStore } from '@sync/status.ts';
import { runSync } from '@sync/sync-run.ts';
import { clerk, freshDb } from '../storage/helpers.ts';
import { createManualTimers } from './fakes.ts';
import { emptySyncResponse } from '../../fixtures/sync-response.ts';

/**
 * A sync answered by a relay this tablet never signed in at (decision 0017): the
 * tablet asks for the district's word for the relay's key. A word it could not
 * ask for (no link) is no evidence: the run fails as a network failure and raises
 * no alarm; a relay with no word, or a word from a key the tablet does not trust
 * (one it took on a vouch itself), is the alarm; the district's word is taken.
 */

const district = new Uint8Array(32).fill(21);
const relay = new Uint8Array(32).fill(22);
const stranger = new Uint8Array(32).fill(23);
const pub = (secret: Uint8Array) => ed25519.getPublicKey(secret);
const b64 = (secret: Uint8Array) => encodeB64url(pub(secret));

const otherRelay = new Uint8Array(32).fill(24);

function vouchBy(signer: Uint8Array, forKey: Uint8Array, office = 'vikasnagar') {
  const v = { office, relayKey: b64(forKey), districtKey: b64(signer), at: 5 };
  return { ...v, sig: encodeB64url(ed25519.sign(relayVouchBytes(v), signer)) };
}

/** A sync answer with nothing new, its head signed by `secret`. */
function answerSignedBy(secret: Uint8Array): Response {
  const unsigned = { size: 0, root: new Uint8Array(32), time: 1000 };
  const treeHead = { ...unsigned, sig: ed25519.sign(treeHeadBytes(unsigned), secret) };
  return new Response(
    encodeFrame(emptySyncResponse({ serverTime: 1000, consistency: [], treeHead })),
    { status: 200 },
  );
}

const dbs: PatravaliDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

/** A tablet of clerk (office vikasnagar) that knows `keys` from sign-ins naming no district. */
async function tabletKnowing(...keys: Uint8Array[]): Promise<PatravaliDb> {
  const db = freshDb('vouch-run');
  dbs.push(db);
  await db.open();
  await saveSession(db, {
    token: 'token',
    expiresAt: Number.MAX_SAFE_INTEGER,
    person: clerk,
    deviceNumber: 1,
    online: true,
  });
  for (const k of keys) await keepLogKey(db, b64(k));
  return db;
}

/** What a vouch may change on a tablet: its tiers, and the keys it took or recorded. */
const tierKv = (db: PatravaliDb) =>
  Promise.all(
    [KV_KEYS.logKey, KV_KEYS.logTiers, KV_KEYS.vouchedKeys, KV_KEYS.districtKey].map((k) =>
      readKv(db, k),
    ),
  );

/** One run at a relay whose heads `signer` signs; `vouch` answers GET /api/log-key-vouch. */
const runAtRelay = (db: PatravaliDb, vouch: () => Promise<Response>, signer = relay) =>
  runSync({
    port: createSyncPort(db),
    deviceId: asDeviceId('0b7c2f7e-1d2a-4c4b-9a55-6f0e3b1d2c3a'),
    getToken: () => 'token',
    status: createSyncStatusStore(),
    baseUrl: 'https://patravali.test',
    fetch: (url) =>
      String(url).endsWith('/api/log-key-vouch')
        ? vouch()
        : Promise.resolve(answerSignedBy(signer)),
    now: () => 1_000,
    gzip: null,
  });

describe("a relay this tablet never signed in at, on the district's word", () => {
  it('takes the relay as another tier on the word of the district it knows', async () => {
    const db = await tabletKnowing(district);
    const outcome = await runAtRelay(db, async () => Response.json(vouchBy(district, relay)));
    expect(outcome.kind).toBe('synced');
    expect(await readKv(db, KV_KEYS.logKey)).toBe(b64(relay));
    expect(await readKv(db, KV_KEYS.vouchedKeys)).toEqual([b64(relay)]);
    expect(await lastLogAlarm(db)).toBeNull();
  });

  it('fails as a network failure, with no alarm, when the word could not be asked for', async () => {
    const db = await tabletKnowing(district);
    for (const vouch of [
      () => Promise.reject(new TypeError('fetch failed')),
      async () => new Response('busy', { status: 503 }),
    ]) {
      expect(await runAtRelay(db, vouch)).toMatchObject({ kind: 'failed', error: 'network' });
      expect(await lastLogAlarm(db)).toBeNull();
      expect(await readKv(db, KV_KEYS.logKey)).toBe(b64(district));
    }
  });

  it('raises the alarm for no word, a word too large, or one from a key it does not trust', async () => {
    const cases = [
      async () => Response.json({ error: 'notFound' }, { status: 404 }),
      async () => new Response('x'.repeat(10_000)),
      async () => Response.json(vouchBy(stranger, relay)),
    ];
    for (const vouch of cases) {
      const db = await tabletKnowing(district);
      const before = await tierKv(db);
      expect(await runAtRelay(db, vouch)).toEqual({ kind: 'logAlarm', alarm: 'headSignature' });
      expect(await tierKv(db)).toEqual(before);
    }
  });

  it('takes no word from a key it took on a word itself', async () => {
    // The tablet took the stranger's key on the district's word; the stranger vouches
    // for the relay: not taken.
    const db = await tabletKnowing(district);
    const first = await runAtRelay(
      db,
      async () => Response.json(vouchBy(district, stranger)),
      stranger,
    );
    expect(first.kind).toBe('synced');
    expect(await readKv(db, KV_KEYS.logKey)).toBe(b64(stranger));
    const outcome = await runAtRelay(db, async () => Response.json(vouchBy(stranger, relay)));
    expect(outcome).toEqual({ kind: 'logAlarm', alarm: 'headSignature' });
  });
});

describe("only the district's key vouches, and only for the person's office (0017 amendment 1)", () => {
  /** Signed in at the district (its own answer), then at relay `relay` of the office. */
  async function tabletOfDistrict(): Promise<PatravaliDb> {
    const db = await tabletKnowing();
    await keepLogKey(db, b64(district), undefined, false, b64(district));
    await keepLogKey(db, b64(relay), b64(district), false, b64(district));
    return db;
  }

  it("refuses, as an unknown signer, a relay's key vouching for another relay, changing nothing", async () => {
    const db = await tabletOfDistrict();
    expect(await readKv(db, KV_KEYS.districtKey)).toBe(b64(district));
    const before = await tierKv(db);
    const outcome = await runAtRelay(
      db,
      async () => Response.json(vouchBy(relay, otherRelay)),
      otherRelay,
    );
    expect(outcome).toEqual({ kind: 'logAlarm', alarm: 'headSignature' });
    expect(await tierKv(db)).toEqual(before);
    // The district's own word for the same relay is taken.
    const db2 = await tabletOfDistrict();
    const taken = await runAtRelay(
      db2,
      async () => Response.json(vouchBy(district, otherRelay)),
      otherRelay,
    );
    expect(taken.kind).toBe('synced');
    expect(await readKv(db2, KV_KEYS.logKey)).toBe(b64(otherRelay));
  });

  it('takes, on a tablet that recorded no district key, the word of a key a sign-in named, until a sign-in records it', async () => {
    // An older build's tablet: it knows the relay and the district, but not which is which.
    const db = await tabletKnowing(relay, district);
    expect(await readKv(db, KV_KEYS.districtKey)).toBeUndefined();
    const first = await runAtRelay(
      db,
      async () => Response.json(vouchBy(relay, stranger)),
      stranger,
    );
    expect(first.kind).toBe('synced');
    // Its next sign-in (at the relay, naming the district) records the district's key.
    const later = await tabletKnowing(relay, district);
    await keepLogKey(later, b64(relay), b64(district), false, b64(district));
    const before = await tierKv(later);
    const refused = await runAtRelay(
      later,
      async () => Response.json(vouchBy(relay, stranger)),
      stranger,
    );
    expect(refused).toEqual({ kind: 'logAlarm', alarm: 'headSignature' });
    expect(await tierKv(later)).toEqual(before);
  });

  it("fails without an alarm, keeping nothing, at another office's relay the district vouched for", async () => {
    const db = await tabletOfDistrict();
    const before = await tierKv(db);
    const outcome = await runAtRelay(
      db,
      async () => Response.json(vouchBy(district, otherRelay, 'chakrata')),
      otherRelay,
    );
    expect(outcome).toMatchObject({ kind: 'failed', error: 'otherOfficeRelay' });
    expect(await lastLogAlarm(db)).toBeNull();
    expect(await tierKv(db)).toEqual(before);
  });

  it("syncs at the district's own address when the relay answering is another office's, says so, and goes home once its own relay answers", async () => {
    const db = await tabletOfDistrict();
    // The fallback its own office's relay named at sign-in.
    await writeKv(db, KV_KEYS.syncFallback, 'https://district.test');
    const asked: string[] = [];
    /** Whose relay answers this tablet's address now. */
    let answering = otherRelay;
    /** This tablet's address does not answer (the tablet has left that office's network). */
    let away = false;
    const timers = createManualTimers();
    const engine = createSyncEngine({
      port: createSyncPort(db),
      deviceId: asDeviceId('0b7c2f7e-1d2a-4c4b-9a55-6f0e3b1d2c3a'),
      getToken: () => 'token',
      baseUrl: 'https://patravali.test',
      fetch: async (url) => {
        asked.push(String(url));
        if (away && String(url).startsWith('https://patravali.test'))
          throw new TypeError('fetch failed');
        if (String(url).endsWith('/api/log-key-vouch'))
          return Response.json(vouchBy(district, otherRelay, 'chakrata'));
        return answerSignedBy(
          String(url).startsWith('https://district.test') ? district : answering,
        );
      },
      now: timers.now,
      random: () => 0.5,
      setTimeout: timers.setTimeout,
      clearTimeout: timers.clearTimeout,
    });
    expect(await engine.syncNow()).toMatchObject({
      kind: 'synced',
      viaDistrict: 'otherOfficeRelay',
    });
    expect(asked).toEqual([
      'https://patravali.test/api/sync',
      'https://patravali.test/api/log-key-vouch',
      'https://district.test/api/sync',
    ]);
    expect(engine.status.getSnapshot()).toMatchObject({
      state: 'synced',
      viaDistrict: 'otherOfficeRelay',
    });
    expect(engine.status.getSnapshot().error).toBeUndefined();
    expect(await lastLogAlarm(db)).toBeNull();
    expect(await readKv(db, KV_KEYS.logKey)).toBe(b64(district));
    expect(await readKv(db, KV_KEYS.vouchedKeys)).toBeUndefined();
    // The relay answered: no miss of this tablet's address is counted.
    expect(await readKv(db, KV_KEYS.ownAddressMisses)).toBeUndefined();

    // A run that ends otherwise (its address gone, one miss: not yet the fallback) ends the
    // note too: the next Syncing is not at the district because of another office's relay.
    away = true;
    expect(await engine.syncNow()).toMatchObject({ kind: 'failed', error: 'network' });
    expect(engine.status.getSnapshot().viaDistrict).toBeUndefined();
    away = false;

    // Back at the person's own office: its relay answers the same address, and the light's
    // note goes.
    answering = relay;
    asked.length = 0;
    expect(await engine.syncNow()).toMatchObject({ kind: 'synced' });
    expect(asked.every((u) => u.startsWith('https://patravali.test/api/sync'))).toBe(true);
    expect(engine.status.getSnapshot().viaDistrict).toBeUndefined();
    expect(await readKv(db, KV_KEYS.logKey)).toBe(b64(relay));
  });

  it('changes nothing stored for a malformed, forged or oversized word', async () => {
    const good = vouchBy(district, otherRelay);
    const cases = [
      async () => Response.json({ ...good, office: 'Vikas Nagar' }),
      async () => Response.json({ ...good, sig: good.sig.slice(2) }),
      async () => new Response('{"office":'),
      async () => Response.json({ ...vouchBy(stranger, otherRelay), districtKey: b64(district) }),
      async () => Response.json({ ...good, pad: 'x'.repeat(5000) }),
    ];
    for (const vouch of cases) {
      const db = await tabletOfDistrict();
      const before = await tierKv(db);
      expect(await runAtRelay(db, vouch, otherRelay)).toEqual({
        kind: 'logAlarm',
        alarm: 'headSignature',
      });
      expect(await tierKv(db)).toEqual(before);
    }
  });
});
