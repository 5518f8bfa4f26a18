import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asPersonId } from '@domain/ids.ts';
import type { DeviceKeysResponse, SigningKeyRegistration } from '@protocol/api.ts';
import { openSealKey, sealTo } from '../../sync-server/auth/seal-key.ts';
import { openSqliteStorage } from '../../sync-server/storage/sqlite.ts';
import type { ServerStorage } from '../../sync-server/storage/types.ts';
import { testKey } from '../unit/doc/signing-keys.ts';
import { addRelay, relaySignIn } from './relay-client.ts';
import { bearer, deviceUuid, startTestServer, tempDir, type TestServer } from './server-harness.ts';
import { signInWith } from './signed-client.ts';

/**
 * What the district does with a registration an office relay took while the WAN
 * was down (decision 0011): it opens the sealed sign-in request itself and
 * registers the key only when the password in it is the one it holds now and the
 * person is of that relay's office; anything else is refused with its reason and
 * registers nothing. The relay's device-keys answer carries its office's
 * verifiers and the sealing key; a tablet's carries neither.
 */

const NEW_TABLET = deviceUuid(61);

function registration(person: string, device: string): SigningKeyRegistration {
  const { key } = testKey(asPersonId(person), device);
  return {
    keyId: key.id,
    algorithm: 'Ed25519',
    publicKey: Buffer.from(key.publicKey).toString('base64url'),
    deviceInfo: 'Lenovo Tab M10',
  };
}

describe('registrations forwarded by an office relay', () => {
  let server: TestServer;
  let storage: ServerStorage;
  let relayToken = '';
  let tabletToken = '';
  let sealKey = '';

  const keysAs = async (token: string): Promise<DeviceKeysResponse> =>
    (await (
      await fetch(`${server.url}/api/device-keys`, { headers: bearer(token) })
    ).json()) as DeviceKeysResponse;
  const registered = async (keyId: string) =>
    (await storage.deviceKeys()).some((k) => k.id === keyId);
  const forward = async (sealed: string, token = relayToken) => {
    const res = await fetch(`${server.url}/api/relay/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(token) },
      body: JSON.stringify({ sealed }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const sealed = (username: string, password: string, reg: SigningKeyRegistration) =>
    sealTo(
      sealKey,
      JSON.stringify({
        request: { username, password, deviceId: NEW_TABLET, signingKey: reg },
        at: Date.now(),
      }),
    );

  beforeAll(async () => {
    server = await startTestServer();
    storage = openSqliteStorage(server.config.dataDir);
    const relayKey = await addRelay(storage, 'VKN');
    relayToken = (await relaySignIn(server.url, relayKey)).body.token;
    tabletToken = (await signInWith(server.url, 'clerk.vikasnagar', deviceUuid(62), null)).body
      .token;
    sealKey = (await keysAs(relayToken)).sealKey ?? '';
  });
  afterAll(async () => {
    await storage.close();
    await server.stop();
  });

  it("gives the relay its office's verifiers and the sealing key, and a tablet neither", async () => {
    const toRelay = await keysAs(relayToken);
    const people = toRelay.verifiers?.map((v) => v.person) ?? [];
    expect(people).toContain('clerk.vikasnagar');
    expect(people.every((p) => p.endsWith('.vikasnagar'))).toBe(true);
    expect(toRelay.verifiers?.[0]?.hash).toMatch(/^scrypt\$/);
    expect(sealKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const toTablet = await keysAs(tabletToken);
    expect(toTablet.verifiers).toBeUndefined();
    expect(toTablet.sealKey).toBeUndefined();
  });

  it('takes registrations only from a relay, sealed to this district', async () => {
    const reg = registration('tehsildar.vikasnagar', NEW_TABLET);
    const good = sealed('tehsildar.vikasnagar', 'demo1234', reg);
    expect((await forward(good, tabletToken)).status).toBe(403);
    const res = await fetch(`${server.url}/api/relay/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sealed: good }),
    });
    expect(res.status).toBe(401);
    const elsewhere = await tempDir('patravali-other-district-');
    const otherKey = openSealKey(elsewhere.path).publicKey;
    await elsewhere.remove();
    const forOther = sealTo(otherKey, JSON.stringify({ request: { username: 'x' }, at: 0 }));
    for (const bad of [forOther, 'bm90LXNlYWxlZA', good.slice(0, -4) + 'AAAA']) {
      const answer = await forward(bad);
      expect(answer).toMatchObject({
        status: 400,
        body: { error: 'badRequest', detail: 'not a sign-in request sealed to this district' },
      });
    }
    expect(await registered(reg.keyId)).toBe(false);
  });

  it("refuses a wrong password and another office's person, registering nothing", async () => {
    const mine = registration('tehsildar.vikasnagar', NEW_TABLET);
    const wrong = await forward(sealed('tehsildar.vikasnagar', 'not-it', mine));
    expect(wrong).toMatchObject({ status: 401, body: { error: 'badCredentials' } });
    const theirs = registration('tehsildar.chakrata', NEW_TABLET);
    const other = await forward(sealed('tehsildar.chakrata', 'demo1234', theirs));
    expect(other).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(await registered(mine.keyId)).toBe(false);
    expect(await registered(theirs.keyId)).toBe(false);
  });

  it('registers the key and the device on the right password, once however often it comes', async () => {
    const reg = registration('tehsildar.vikasnagar', NEW_TABLET);
    const first = await forward(sealed('tehsildar.vikasnagar', 'demo1234', reg));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ keyId: reg.keyId });
    expect(first.body['deviceNumber']).toBeGreaterThan(0);
    const again = await forward(sealed('tehsildar.vikasnagar', 'demo1234', reg));
    expect(again).toEqual(first);
    const keys = (await storage.deviceKeys()).filter((k) => k.id === reg.keyId);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ person: 'tehsildar.vikasnagar', device: NEW_TABLET });
  });
});
