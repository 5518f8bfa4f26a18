import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import { relayVouchBytes } from '@doc/relay-vouch.ts';
import { encodeB64url } from '@doc/signature.ts';
import { treeHeadBytes } from '@doc/tree-head.ts';
import { asDeviceId } from '@domain/ids.ts';
import { encodeFrame } from '@protocol/codec.ts';
import { KV_KEYS, readKv, type PatravaliDb } from '@storage/db/db.ts';
import { keepLogKey, lastLogAlarm } from '@storage/sync/log-watch.ts';
import { createSyncPort } from '@storage/sync/sync-store.ts';
import { createSyncStatusStore } from '@sync/status.ts';
import { runSync } from '@sync/sync-run.ts';
import { freshDb } from '../storage/helpers.ts';
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

function vouchBy(signer: Uint8Array, forKey: Uint8Array) {
  const v = { office: 'vikasnagar', relayKey: b64(forKey), districtKey: b64(signer), at: 5 };
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

async function tabletKnowing(...keys: Uint8Array[]): Promise<PatravaliDb> {
  const db = freshDb('vouch-run');
  dbs.push(db);
  await db.open();
  for (const k of keys) await keepLogKey(db, b64(k));
  return db;
}

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
      expect(await runAtRelay(db, vouch)).toEqual({ kind: 'logAlarm', alarm: 'headSignature' });
      expect(await readKv(db, KV_KEYS.logKey)).toBe(b64(district));
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
