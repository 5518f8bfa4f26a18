import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { readEvents, readMeta } from '@doc/record-doc.ts';
import { loadRecordDoc } from '@storage/db/record-store.ts';
import { verifyBytes, verifyItem } from '@doc/verify-bytes.ts';
import { checkSignedItems } from '@doc/verify-signed.ts';
import { asDeviceId } from '@domain/ids.ts';
import type { PatravaliDb } from '@storage/db/db.ts';
import { createFile, finaliseDraft, saveDraft } from '@storage/services.ts';
import { rememberAccount, signInOffline, currentSession } from '@storage/session/session.ts';
import {
  createSigningKey,
  deviceInfo,
  rememberSigningKey,
  signBytes,
  unlockSigningKey,
} from '@storage/session/signing-key.ts';
import { clerk, fakeClock, freshDb, must, testDevice } from './helpers.ts';

/** Device signing keys: made and wrapped with the password, unlocked non-extractable, used by every command. */

const ITERATIONS = 1_000;
const dbs: PatravaliDb[] = [];
const track = <T extends { db: PatravaliDb }>(x: T): T => (dbs.push(x.db), x);
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

describe('signing keys', () => {
  it('are wrapped with the password, open only with it, and unwrap non-extractable', async () => {
    const { stored, signer } = await createSigningKey('demo1234', ITERATIONS);
    expect(stored.algorithm).toBe('Ed25519');
    expect(signer.privateKey.extractable).toBe(false);
    expect(await unlockSigningKey('wrong-password', stored)).toBeNull();
    const again = await unlockSigningKey('demo1234', stored);
    expect(again?.privateKey.extractable).toBe(false);
    await expect(
      crypto.subtle.exportKey('pkcs8', again?.privateKey as CryptoKey),
    ).rejects.toThrow();
    const msg = new TextEncoder().encode('x');
    const sig = Buffer.from(await signBytes(again!, msg), 'base64url');
    expect(
      await crypto.subtle.verify(
        'Ed25519',
        await crypto.subtle.importKey('raw', new Uint8Array(stored.publicKey), 'Ed25519', false, [
          'verify',
        ]),
        sig,
        msg,
      ),
    ).toBe(true);
  });

  it('an offline sign-in unlocks the person’s key into the session, never the raw key', async () => {
    const db = track({ db: freshDb('signing-offline') }).db;
    const { stored } = await createSigningKey('demo1234', ITERATIONS);
    await rememberAccount(db, 'clerk.vikasnagar', 'demo1234', clerk, ITERATIONS);
    await rememberSigningKey(db, 'clerk.vikasnagar', stored);
    expect(await signInOffline(db, 'clerk.vikasnagar', 'demo1234')).not.toBeNull();
    const session = await currentSession(db);
    expect(session?.signer?.keyId).toBe(stored.keyId);
    expect(session?.signer?.privateKey.extractable).toBe(false);
  });

  it('reports the device from userAgentData where available, else the user agent', () => {
    expect(deviceInfo({ userAgent: 'Mozilla/5.0 (Linux; Android 10; TB-8505F)' })).toBe(
      'Mozilla/5.0 (Linux; Android 10; TB-8505F)',
    );
    expect(
      deviceInfo({
        userAgent: 'x',
        userAgentData: {
          platform: 'Android',
          mobile: true,
          brands: [{ brand: 'Chromium', version: '120' }],
        },
      }),
    ).toBe('Android (mobile); Chromium 120');
  });
});

describe('the command path signs every event and new meta', () => {
  it('a new file, its draft finalised: meta and events verify and chain', async () => {
    const device = track(testDevice('signing', fakeClock()));
    const { stored, signer } = await createSigningKey('demo1234', ITERATIONS);
    const ctx = { ...device.as(clerk), signer };
    const file = must(await createFile(ctx, { subject: 'खसरा 112', category: 'revenue' }));
    must(await saveDraft(ctx, file.id, 'प्रस्ताव / proposal'));
    must(await finaliseDraft(ctx, file.id));
    const doc = await loadRecordDoc(device.db, file.id);
    const meta = readMeta(doc);
    if (!meta.ok) throw new Error(meta.error);
    const events = readEvents(doc);
    expect(events.length).toBeGreaterThan(0);
    expect(verifyItem(file.id, meta.value, stored.algorithm, stored.publicKey)).toBe(true);
    for (const e of events) {
      expect(e.key).toBe(stored.keyId);
      expect(verifyItem(file.id, e, stored.algorithm, stored.publicKey)).toBe(true);
    }
    const key = {
      id: stored.keyId,
      person: clerk.id,
      device: asDeviceId(device.as(clerk).deviceId),
      algorithm: stored.algorithm,
      publicKey: stored.publicKey,
      revokedAt: null,
    };
    const all = new Set(events.map((e) => e.id));
    const rules = {
      keyOf: () => key,
      refuseRevoked: true,
      unsignedOk: () => false,
      verify: verifyBytes,
    };
    expect(
      checkSignedItems({ recordId: file.id, meta: meta.value, events }, true, all, rules),
    ).toBeNull();
  });
});
