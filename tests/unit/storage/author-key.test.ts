import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { readEvents, readMeta } from '@doc/record-doc.ts';
import { loadRecordDoc } from '@storage/db/record-store.ts';
import type { PatravaliDb } from '@storage/db/db.ts';
import {
  authorKeyOfSession,
  decodeAuthorKey,
  encodeAuthorKey,
  openAuthorKey,
  openRememberedAuthorKey,
  rememberAuthorKey,
  sealAuthorKey,
} from '@storage/session/author-key.ts';
import { createFile, finaliseDraft, saveDraft } from '@storage/services.ts';
import {
  currentSession,
  rememberAccount,
  signInOffline,
  signOut,
} from '@storage/session/session.ts';
import { clerk, fakeClock, freshDb, must, testDevice } from './helpers.ts';

/** Device side of author attestation: the key sealed with the password, and events signed with it. */

const ITERATIONS = 1_000;
const KEY = Uint8Array.from({ length: 32 }, (_, i) => (i * 13 + 5) & 0xff);

const dbs: PatravaliDb[] = [];
const track = <T extends { db: PatravaliDb }>(x: T): T => (dbs.push(x.db), x);
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

describe('sealing the author key with the password', () => {
  it('opens with the right password and not with a wrong one', async () => {
    const sealed = await sealAuthorKey('demo1234', KEY, ITERATIONS);
    expect(sealed.sealed).not.toEqual(KEY);
    expect(await openAuthorKey('demo1234', sealed)).toEqual(KEY);
    expect(await openAuthorKey('demo12345', sealed)).toBeNull();
    const tampered = { ...sealed, sealed: sealed.sealed.map((b, i) => (i === 0 ? b ^ 1 : b)) };
    expect(await openAuthorKey('demo1234', tampered)).toBeNull();
  });

  it('uses a fresh salt and IV every time', async () => {
    const a = await sealAuthorKey('demo1234', KEY, ITERATIONS);
    const b = await sealAuthorKey('demo1234', KEY, ITERATIONS);
    expect(a.salt).not.toEqual(b.salt);
    expect(a.iv).not.toEqual(b.iv);
  });

  it('base64url form round-trips and refuses anything but 32 bytes', () => {
    expect(decodeAuthorKey(encodeAuthorKey(KEY))).toEqual(KEY);
    expect(decodeAuthorKey('short')).toBeNull();
    expect(decodeAuthorKey(undefined)).toBeNull();
    expect(authorKeyOfSession({})).toBeNull();
  });
});

describe('offline sign-in with a remembered key', () => {
  it('puts the key in the session only with the right password; sign-out removes it', async () => {
    const db = track({ db: freshDb('author-key') }).db;
    await rememberAccount(db, 'clerk.vikasnagar', 'demo1234', clerk, ITERATIONS);
    await rememberAuthorKey(db, 'clerk.vikasnagar', 'demo1234', KEY, ITERATIONS);
    const stored = JSON.stringify(await db.accounts.toArray());
    expect(stored).not.toContain(encodeAuthorKey(KEY));

    expect(await openRememberedAuthorKey(db, 'clerk.vikasnagar', 'wrong-password')).toBeNull();
    expect(await signInOffline(db, 'clerk.vikasnagar', 'wrong-password')).toBeNull();
    expect(await currentSession(db)).toBeNull();

    expect((await signInOffline(db, 'clerk.vikasnagar', 'demo1234'))?.id).toBe(clerk.id);
    const session = await currentSession(db);
    expect(session && authorKeyOfSession(session)).toEqual(KEY);

    await signOut(db);
    const everything = JSON.stringify([await db.kv.toArray(), await db.accounts.toArray()]);
    expect(everything).not.toContain(encodeAuthorKey(KEY));
  });
});

describe('local commands no longer attest with an old author key (issue 14)', () => {
  it('a new file and its noting carry no attest, even with a key remembered from before', async () => {
    const device = track(testDevice('attest', fakeClock()));
    const ctx = { ...device.as(clerk), authorKey: KEY };
    const file = must(await createFile(ctx, { subject: 'खसरा 112', category: 'revenue' }));
    must(await saveDraft(ctx, file.id, 'प्रस्ताव / proposal'));
    must(await finaliseDraft(ctx, file.id));
    const doc = await loadRecordDoc(device.db, file.id);
    const meta = readMeta(doc);
    const events = readEvents(doc);
    expect(meta.ok && meta.value.attest).toBeUndefined();
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect(e.attest).toBeUndefined();
  });
});
