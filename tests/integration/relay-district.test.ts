import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asDeviceId, asPersonId } from '@domain/ids.ts';
import type { RecordMeta } from '@domain/record.ts';
import { encodeFrame } from '@protocol/codec.ts';
import { PROTOCOL_VERSION } from '@protocol/messages.ts';
import { openSqliteStorage } from '../../sync-server/storage/sqlite.ts';
import type { ServerStorage } from '../../sync-server/storage/types.ts';
import { testKey } from '../unit/doc/signing-keys.ts';
import { addRelay, admin, RELAY_DEVICE, relaySignIn, VKN_RELAY } from './relay-client.ts';
import { deviceUuid, startTestServer, type TestServer } from './server-harness.ts';
import { postFrame, pullAll, stateOf, sync } from './server-sync-client.ts';
import { CLERK, noting, signedFile, signInWith, TABLET } from './signed-client.ts';

/**
 * What the district takes from an office relay's session (decision 0010): the
 * events of the relay's office's people, each verified against its author's
 * registered device key; never an event only the relay vouches for, one it
 * altered, or one of another office's people. A revoked relay is told so.
 */

const CKT_CLERK = asPersonId('clerk.chakrata');
const CKT_TABLET = deviceUuid(42);

describe('the district and an office relay', () => {
  let server: TestServer;
  let storage: ServerStorage;
  let relayKey = '';
  let relayToken = '';
  let readerToken = '';
  const reader = deviceUuid(49);
  const clerkKey = testKey(CLERK, TABLET);
  const chakrataKey = testKey(CKT_CLERK, CKT_TABLET);
  const file = signedFile(clerkKey);

  const push = async (recordId: RecordMeta['id'], update: Uint8Array) =>
    (await sync(server.url, relayToken, RELAY_DEVICE, 0, [{ ref: 1, recordId, update }])).response;
  const stored = async (recordId: RecordMeta['id']): Promise<string[] | null> => {
    const all = await pullAll(server.url, readerToken, reader);
    const updates = all.byRecord.get(recordId);
    return updates === undefined ? null : (stateOf(updates)?.notes.map((n) => n.text) ?? []);
  };

  beforeAll(async () => {
    // Without PATRAVALI_REQUIRE_SIGNATURES: a person's own session may still push
    // unsigned work, and a relay's still may not.
    server = await startTestServer();
    storage = openSqliteStorage(server.config.dataDir);
    const c = await signInWith(server.url, 'clerk.vikasnagar', TABLET, clerkKey);
    const k = await signInWith(server.url, 'clerk.chakrata', CKT_TABLET, chakrataKey);
    const r = await signInWith(server.url, 'dm.dehradun', reader, null);
    expect([c.status, k.status, r.status]).toEqual([201, 201, 201]);
    readerToken = r.body.token;
    relayKey = await addRelay(storage, 'VKN');
  });
  afterAll(async () => {
    await storage.close();
    await server.stop();
  });

  it('signs in with its key, as an account bound to its office that registers no signing key', async () => {
    const wrong = await relaySignIn(server.url, 'not-the-key');
    expect([wrong.status, wrong.body.error]).toEqual([401, 'badCredentials']);
    const withKey = await relaySignIn(server.url, relayKey, {
      signingKey: {
        keyId: clerkKey.key.id,
        algorithm: 'Ed25519',
        publicKey: Buffer.from(clerkKey.key.publicKey).toString('base64url'),
        deviceInfo: 'relay',
      },
    });
    expect([withKey.status, withKey.body.detail]).toEqual([
      400,
      'an office relay signs nothing: no key',
    ]);
    const ok = await relaySignIn(server.url, relayKey);
    expect(ok.status).toBe(201);
    expect(ok.body.person).toMatchObject({ id: VKN_RELAY, office: 'vikasnagar' });
    expect(ok.body.directory.people.length).toBeGreaterThan(0);
    expect(ok.body.deviceKeys?.map((k) => k.id)).toContain(clerkKey.key.id);
    relayToken = ok.body.token;
  });

  it('is answered 304 without the key list while the list is unchanged (its WAN is thin)', async () => {
    const keys = (tag?: string) =>
      fetch(`${server.url}/api/device-keys?revokedAfter=0`, {
        headers: {
          authorization: `Bearer ${relayToken}`,
          ...(tag ? { 'if-none-match': tag } : {}),
        },
      });
    const first = await keys();
    const tag = first.headers.get('etag') ?? '';
    expect([first.status, tag]).toEqual([200, expect.stringMatching(/^".+"$/)]);
    const again = await keys(tag);
    expect([again.status, await again.text()]).toEqual([304, '']);
    // A key registered since: the whole list again, under a new tag.
    const other = await signInWith(
      server.url,
      'clerk.chakrata',
      deviceUuid(43),
      testKey(CKT_CLERK, deviceUuid(43)),
    );
    expect(other.status).toBe(201);
    const changed = await keys(tag);
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(tag);
  });

  it('forwards a file and a noting the clerk signed on her tablet', async () => {
    const created = await push(file.meta.id, file.update);
    expect(created.acks).toEqual([1]);
    // The district's entry of what it took, for the relay to fold and serve in the
    // district's order (decision 0010, amendment 4): the file's creation, then the noting.
    expect(created.logged?.map((l) => l.entries.map((e) => e.eventId))).toEqual([[file.meta.id]]);
    const signed = clerkKey.signEvent(file.meta, file.events, noting(CLERK, TABLET, 'प्रस्ताव'));
    const noted = await push(file.meta.id, file.append(signed));
    expect(noted.acks).toEqual([1]);
    const at = (id: string) => noted.logged?.[0]?.entries.find((e) => e.eventId === id)?.pos ?? 0;
    expect(at(signed.id)).toBeGreaterThan(at(file.meta.id));
    expect(await stored(file.meta.id)).toEqual(['प्रस्ताव']);
  });

  it('refuses a noting the relay altered after the clerk signed it', async () => {
    const signed = clerkKey.signEvent(file.meta, file.events, noting(CLERK, TABLET, 'स्वीकृत'));
    const altered = Object.assign({}, signed, { text: 'अस्वीकृत' });
    const res = await push(file.meta.id, file.attempt(altered));
    expect(res.acks).toEqual([]);
    expect(res.refusals.map((r) => r.reason)).toEqual(['signatureInvalid']);
    expect(await stored(file.meta.id)).toEqual(['प्रस्ताव']);
  });

  it('refuses what only the relay vouches for: an unsigned noting, by the clerk or by the relay', async () => {
    // The clerk's is unsigned and not the session's person's; the relay's account is
    // no author at all (its id is no person's).
    const reasons = { [CLERK]: 'actorMismatch', [VKN_RELAY]: 'eventMalformed' };
    for (const [actor, reason] of Object.entries(reasons)) {
      const forged = noting(asPersonId(actor), TABLET, 'जाली / forged');
      const res = await push(file.meta.id, file.attempt(forged));
      expect(res.acks).toEqual([]);
      expect(res.refusals.map((r) => r.reason)).toEqual([reason]);
    }
    expect(await stored(file.meta.id)).toEqual(['प्रस्ताव']);
  });

  it("refuses another office's person's work, even when signed by their own key", async () => {
    const theirs = chakrataKey.signEvent(
      file.meta,
      file.events,
      noting(CKT_CLERK, CKT_TABLET, 'दूसरे कार्यालय से'),
    );
    const res = await push(file.meta.id, file.attempt(theirs));
    expect(res.refusals.map((r) => [r.reason, r.detail])).toEqual([
      [
        'actorMismatch',
        `event ${theirs.id}: clerk.chakrata is not of office vikasnagar: its relay forwards only its own people's work`,
      ],
    ]);
    const chakrataFile = signedFile(chakrataKey, CKT_TABLET, { id: 'chakrata', code: 'CKT' });
    const created = await push(chakrataFile.meta.id, chakrataFile.update);
    expect(created.refusals.map((r) => r.reason)).toEqual(['outOfScope']);
    expect(await stored(file.meta.id)).toEqual(['प्रस्ताव']);
    expect(await stored(chakrataFile.meta.id)).toBeNull();
  });

  it('a revoked relay is told so at its next exchange and cannot sign in again', async () => {
    const { code, out } = await admin(storage, ['revoke-relay', 'VKN']);
    expect([code, out]).toEqual([
      0,
      ['revoked relay relay:vikasnagar: key deleted, 1 session(s) ended'],
    ]);
    const body = encodeFrame({
      type: 'syncRequest',
      protocol: PROTOCOL_VERSION,
      deviceId: asDeviceId(RELAY_DEVICE),
      cursor: 0,
      updates: [],
    });
    const refused = await postFrame(server.url, relayToken, body);
    expect(refused.status).toBe(401);
    expect(refused.frame).toMatchObject({ type: 'error', code: 'accessRevoked' });
    expect(JSON.stringify(refused.frame)).toContain('relay:vikasnagar');
    const again = await relaySignIn(server.url, relayKey);
    expect([again.status, again.body.error]).toEqual([401, 'badCredentials']);
  });
});
