import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendEvents, createRecordDoc } from '@doc/record-doc.ts';
import type { RecordEvent } from '@domain/events.ts';
import type { RecordMeta } from '@domain/record.ts';
import { runAdmin } from '../../sync-server/admin-commands.ts';
import type { ServerStorage } from '../../sync-server/storage/types.ts';
import { testKey } from '../unit/doc/signing-keys.ts';
import { deviceUuid, startTestServer, type TestServer } from './server-harness.ts';
import {
  CLERK,
  noting,
  OTHER,
  signedFile,
  signInWith,
  TABLET,
  TEHSILDAR,
  type Session,
} from './signed-client.ts';
import { pullAll, stateOf, sync } from './server-sync-client.ts';
import { openTestStorage } from './test-engine.ts';

/**
 * Device signing keys against a real server: registration at sign-in, the
 * shared tablet (a signed change pushed under another person's session), and
 * each named refusal of a forged, altered, copied, reordered or revoked
 * change, which leaves nothing stored.
 */

describe('device signing keys', () => {
  let server: TestServer;
  let storage: ServerStorage;
  let clerk: Session;
  let tehsildar: Session;
  let reader: Session;
  const clerkKey = testKey(CLERK, TABLET);
  const tehsildarKey = testKey(TEHSILDAR, TABLET, 'P-256');
  const otherKey = testKey(CLERK, OTHER);

  const push = async (s: Session, recordId: RecordMeta['id'], update: Uint8Array) =>
    (await sync(server.url, s.token, s.deviceId, 0, [{ ref: 1, recordId, update }])).response;

  /** What the server holds for the record, as its note sheet texts. */
  const stored = async (recordId: RecordMeta['id']): Promise<string[]> => {
    const all = await pullAll(server.url, reader.token, reader.deviceId);
    return stateOf(all.byRecord.get(recordId) ?? [])?.notes.map((x) => x.text) ?? [];
  };

  beforeAll(async () => {
    server = await startTestServer({ PATRAVALI_REQUIRE_SIGNATURES: '1' });
    storage = await openTestStorage(server.config.dataDir);
    const c = await signInWith(server.url, 'clerk.vikasnagar', TABLET, clerkKey);
    const t = await signInWith(server.url, 'tehsildar.vikasnagar', TABLET, tehsildarKey);
    const o = await signInWith(server.url, 'clerk.vikasnagar', OTHER, otherKey);
    const r = await signInWith(server.url, 'dm.dehradun', deviceUuid(49), null);
    expect([c.status, t.status, o.status, r.status]).toEqual([201, 201, 201, 201]);
    reader = { token: r.body.token, deviceId: deviceUuid(49), body: r.body };
    clerk = { token: c.body.token, deviceId: TABLET, body: c.body };
    tehsildar = { token: t.body.token, deviceId: TABLET, body: t.body };
  });
  afterAll(async () => {
    await storage.close();
    await server.stop();
  });

  it('registers the public key at sign-in and lists it with the directory', async () => {
    const again = await signInWith(server.url, 'clerk.vikasnagar', TABLET, clerkKey);
    expect(again.status).toBe(201);
    expect(again.body.deviceKeys).toContainEqual({
      id: clerkKey.key.id,
      person: CLERK,
      device: TABLET,
      algorithm: 'Ed25519',
      publicKey: Buffer.from(clerkKey.key.publicKey).toString('base64url'),
      revokedAt: null,
    });
    const rows = await storage.deviceKeys();
    expect(rows.find((k) => k.id === tehsildarKey.key.id)).toMatchObject({
      person: TEHSILDAR,
      algorithm: 'P-256',
      deviceInfo: 'Lenovo Tab M8 (Android 10)',
      createdAt: server.clock.now,
    });
  });

  it('refuses a key registered for someone else, a wrong key id or a malformed key', async () => {
    const before = (await storage.deviceKeys()).length;
    const stolen = await signInWith(server.url, 'naib.vikasnagar', TABLET, clerkKey);
    expect([stolen.status, stolen.body.detail]).toEqual([
      400,
      'that key is registered for another person or device',
    ]);
    const wrongId = await signInWith(server.url, 'naib.vikasnagar', TABLET, testKey(CLERK), {
      keyId: 'A'.repeat(22),
    });
    expect(wrongId.status).toBe(400);
    const short = await signInWith(server.url, 'naib.vikasnagar', TABLET, testKey(CLERK), {
      publicKey: 'A'.repeat(44),
    });
    expect(short.status).toBe(400);
    expect(await storage.deviceKeys()).toHaveLength(before);
  });

  it('takes the clerk’s signed change pushed under the tehsildar’s session (shared tablet)', async () => {
    const file = signedFile(clerkKey);
    expect((await push(clerk, file.meta.id, file.update)).acks).toEqual([1]);
    const mine = clerkKey.signEvent(file.meta, file.events, noting(CLERK, TABLET, 'प्रस्ताव'));
    expect((await push(tehsildar, file.meta.id, file.append(mine))).acks).toEqual([1]);
    expect(await stored(file.meta.id)).toEqual(['प्रस्ताव']);
  });

  describe('named refusals, stored nowhere', () => {
    const file = signedFile(clerkKey);
    beforeAll(async () => {
      expect((await push(clerk, file.meta.id, file.update)).acks).toEqual([1]);
      const first = clerkKey.signEvent(file.meta, file.events, noting(CLERK, TABLET, 'पहली'));
      expect((await push(clerk, file.meta.id, file.append(first))).acks).toEqual([1]);
    });

    const cases: [string, () => RecordEvent][] = [
      ['unsigned', () => noting(CLERK, TABLET, 'बिना हस्ताक्षर')],
      [
        'keyUnknown',
        () =>
          testKey(CLERK, TABLET, 'Ed25519', 'nobody registered this').signEvent(
            file.meta,
            file.events,
            noting(CLERK, TABLET, 'x'),
          ),
      ],
      [
        'keyUnknown',
        () =>
          tehsildarKey.signEvent(
            file.meta,
            file.events,
            noting(CLERK, TABLET, 'in the clerk’s name'),
          ),
      ],
      ['keyNotDevice', () => clerkKey.signEvent(file.meta, file.events, noting(CLERK, OTHER, 'x'))],
      [
        'signatureInvalid',
        () => ({
          ...clerkKey.signEvent(file.meta, file.events, noting(CLERK, TABLET, 'REJECTED')),
          text: 'APPROVED',
        }),
      ],
      [
        'prevMissing',
        () =>
          clerkKey.signEvent(file.meta, file.events, noting(CLERK, TABLET, 'x'), ['A'.repeat(43)]),
      ],
      [
        'chainBroken',
        () =>
          clerkKey.signEvent(file.meta, [], noting(CLERK, TABLET, 'as if the first did not exist')),
      ],
    ];

    it.each(cases)('%s', async (reason, make) => {
      const event = make();
      const r = await push(clerk, file.meta.id, file.attempt(event));
      expect(r.acks).toEqual([]);
      expect(r.refusals.map((x) => x.reason)).toEqual([reason]);
      expect(await stored(file.meta.id)).toEqual(['पहली']);
    });

    it('signatureInvalid: a signed noting copied onto another record', async () => {
      const other = signedFile(clerkKey);
      expect((await push(clerk, other.meta.id, other.update)).acks).toEqual([1]);
      const original = clerkKey.signEvent(file.meta, file.events, noting(CLERK, TABLET, 'स्वीकृत।'));
      const r = await push(tehsildar, other.meta.id, other.attempt(original));
      expect(r.refusals.map((x) => x.reason)).toEqual(['signatureInvalid']);
      expect(await stored(other.meta.id)).toEqual([]);
    });
  });

  it('revoke-device ends the sessions and the key: older events stay, new ones are keyRevoked', async () => {
    const file = signedFile(otherKey, OTHER);
    const o = await signInWith(server.url, 'clerk.vikasnagar', OTHER, otherKey);
    const session = { token: o.body.token, deviceId: OTHER, body: o.body };
    expect((await push(session, file.meta.id, file.update)).acks).toEqual([1]);
    const before = otherKey.signEvent(file.meta, file.events, noting(CLERK, OTHER, 'पहले'));
    expect((await push(session, file.meta.id, file.append(before))).acks).toEqual([1]);
    const lines: string[] = [];
    const code = await runAdmin(['revoke-device', 'clerk.vikasnagar', OTHER], {
      storage,
      now: () => server.clock.now,
      randomBytes: (k) => new Uint8Array(k),
      scryptLogN: 10,
      out: (l) => lines.push(l),
      readSecret: async () => '',
    });
    expect([code, lines]).toEqual([
      0,
      [`revoked 2 session(s) and 1 signing key(s) of clerk.vikasnagar on ${OTHER}`],
    ]);
    const after = otherKey.signEvent(file.meta, file.events, noting(CLERK, OTHER, 'बाद में'));
    // Pushed by the tehsildar: the clerk's session on that tablet is gone.
    const r = await push(tehsildar, file.meta.id, file.attempt(after));
    expect(r.refusals.map((x) => x.reason)).toEqual(['keyRevoked']);
    expect(await stored(file.meta.id)).toEqual(['पहले']);
    const listed = (await signInWith(server.url, 'tehsildar.vikasnagar', TABLET, tehsildarKey))
      .body;
    expect(listed.deviceKeys?.find((k) => k.id === otherKey.key.id)?.revokedAt).toBe(
      server.clock.now,
    );
    // The clerk's key on the shared tablet is untouched.
    expect(listed.deviceKeys?.find((k) => k.id === clerkKey.key.id)?.revokedAt).toBeNull();
  });
});

describe('the signing transition (PATRAVALI_REQUIRE_SIGNATURES off)', () => {
  it('takes an unsigned change from its author’s own session only', async () => {
    const server = await startTestServer();
    try {
      const c = await signInWith(server.url, 'clerk.vikasnagar', TABLET, null);
      const t = await signInWith(server.url, 'tehsildar.vikasnagar', TABLET, null);
      const file = signedFile(testKey(CLERK, TABLET, 'Ed25519', 'unregistered'));
      const plainMeta = { ...file.meta, key: undefined, sig: undefined };
      const doc = createRecordDoc(JSON.parse(JSON.stringify(plainMeta)) as RecordMeta);
      const upd = Y.encodeStateAsUpdate(doc);
      const r1 = await sync(server.url, c.body.token, TABLET, 0, [
        { ref: 1, recordId: file.meta.id, update: upd },
      ]);
      expect(r1.response.acks).toEqual([1]);
      const before = Y.encodeStateVector(doc);
      appendEvents(doc, [noting(CLERK, TABLET, 'पुराने टैबलेट से')]);
      const r2 = await sync(server.url, t.body.token, TABLET, 0, [
        { ref: 2, recordId: file.meta.id, update: Y.encodeStateAsUpdate(doc, before) },
      ]);
      expect(r2.response.refusals.map((x) => x.reason)).toEqual(['actorMismatch']);
    } finally {
      await server.stop();
    }
  });
});
