import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readEvents } from '@doc/record-doc.ts';
import type { DeviceKeysResponse } from '@protocol/api.ts';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { createFile, currentSession, sendRecord } from '@storage/services.ts';
import { errorKey } from '@ui/errors.ts';
import { docOf, everySignatureVerifies } from './relay-checks.ts';
import { startDistrict, startRelay, runAdminProcess, type Child } from './relay-processes.ts';
import { deviceUuid, signIn, tempDir } from './server-harness.ts';
import { pullAll, stateOf } from './server-sync-client.ts';
import { createClock, eventually } from './sync-harness.ts';
import type { TestServer } from './sync-harness.ts';
import { CLERK, fileSentTo, seeded, tablet, type Tablet } from './tablet-harness.ts';
import { startWanProxy, type WanProxy } from './wan-proxy.ts';

/**
 * Sign-in at an office relay while the WAN is down (decision 0011), on real
 * processes: the district, Vikasnagar's relay, and a WAN between them the test
 * cuts. The relay keeps the district's password verifiers of its office's
 * people; with the district unreachable it lets in a person of its office with
 * the right password and a signing key the district registered, and refuses a
 * wrong password, a person it cannot check (unknown, another office's) and one
 * the district revoked, storing nothing for them.
 */

const RELAY_ENV = { PATRAVALI_RELAY_TIMEOUT_MS: '5000', PATRAVALI_RELAY_BACKOFF_MS: '400' };

interface Answer {
  readonly status: number;
  readonly body: {
    error?: string;
    detail?: string;
    token?: string;
    provisional?: boolean;
    deviceNumber?: number;
  };
}

describe('sign-in at the relay while the WAN is down', () => {
  const clock = createClock(Date.now());
  const random = seeded(1811);
  const dirs: { remove: () => Promise<void> }[] = [];
  let district: Child;
  let relay: Child;
  let wan: WanProxy;
  let districtDir = '';
  let relayDir = '';
  let clerk: Tablet;
  let tehsildar: Tablet;

  const serverAt = (url: () => string, dataDir: string): TestServer => ({
    origin: url,
    dataDir,
    restart: async () => undefined,
    close: async () => undefined,
  });

  /** A row count of the relay's SQLite, read beside the running relay. */
  function relayRows(sql: string, ...args: unknown[]): number {
    const db = new Database(join(relayDir, 'patravali.sqlite'), { readonly: true });
    try {
      return (db.prepare(sql).get(...args) as { n: number }).n;
    } finally {
      db.close();
    }
  }
  const relaySessions = () => relayRows('SELECT COUNT(*) AS n FROM sessions');

  async function signInAtRelay(
    username: string,
    password: string,
    deviceId: string,
  ): Promise<Answer> {
    const res = await fetch(`${relay.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password, deviceId }),
    });
    return { status: res.status, body: (await res.json()) as Answer['body'] };
  }

  beforeAll(async () => {
    const districtData = await tempDir('patravali-district-');
    const relayData = await tempDir('patravali-relay-');
    dirs.push(districtData, relayData);
    districtDir = districtData.path;
    relayDir = relayData.path;
    district = await startDistrict(districtDir);
    const printed = await runAdminProcess(districtDir, ['add-relay', 'VKN']);
    const key = /relay key .*: (\S+)/.exec(printed)?.[1] ?? '';
    wan = await startWanProxy(district.url);
    relay = await startRelay(relayDir, wan.origin, 'VKN', key, RELAY_ENV);
    clerk = tablet(
      serverAt(() => relay.url, relayDir),
      clock,
      random,
    );
    tehsildar = tablet(
      serverAt(() => relay.url, relayDir),
      clock,
      random,
    );
    // Both have signed in at the relay before, while the WAN was up.
    expect(await clerk.signIn('clerk.vikasnagar')).toMatchObject({ ok: true, online: true });
    expect(await tehsildar.signIn('tehsildar.vikasnagar')).toMatchObject({ ok: true });
    // The relay has taken its office's verifiers from the district (and none of another office).
    await eventually(
      async () =>
        relayRows("SELECT COUNT(*) AS n FROM credentials WHERE person = 'clerk.vikasnagar'") === 1,
      30_000,
    );
    expect(relayRows("SELECT COUNT(*) AS n FROM credentials WHERE person = 'clerk.chakrata'")).toBe(
      0,
    );
  }, 120_000);
  // A failed test leaves the WAN as the next one expects it.
  afterEach(() => wan.restore());
  afterAll(async () => {
    await relay?.stop();
    await district?.stop();
    await wan?.close();
    for (const d of dirs) await d.remove();
  });

  it('lets a person who signed in before sign in, provisionally, and work through the relay', async () => {
    wan.cut();
    const deviceNumber = (await clerk.context()).deviceNumber;
    expect(deviceNumber).toBeGreaterThan(0);
    // The tablet's own flow: the relay answered, so this is an online sign-in with a token.
    expect(await clerk.signIn('clerk.vikasnagar')).toEqual({
      ok: true,
      person: expect.objectContaining({ id: 'clerk.vikasnagar' }) as unknown,
      online: true,
    });
    // The relay did not know the district's device number; the tablet kept its own.
    expect((await clerk.context()).deviceNumber).toBe(deviceNumber);
    expect((await currentSession(clerk.db))?.provisional).toBe(true);
    const id = await fileSentTo(clerk, 'खसरा 31 सीमांकन');
    expect(await clerk.sync()).toBe('synced');
    // Its signing key was the district's all along: the first sync confirms the session.
    expect((await currentSession(clerk.db))?.provisional).toBeUndefined();
    await eventually(async () => {
      expect(await tehsildar.sync()).toBe('synced');
      return (await tehsildar.db.records.get(id)) !== undefined;
    }, 30_000);
  });

  it('answers a provisional session over HTTP, and refuses a wrong password storing nothing', async () => {
    wan.cut();
    const ok = await signInAtRelay('clerk.vikasnagar', 'demo1234', clerk.deviceId);
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ provisional: true, deviceNumber: 0 });
    const before = relaySessions();
    const wrong = await signInAtRelay('clerk.vikasnagar', 'not-the-password', clerk.deviceId);
    expect(wrong).toMatchObject({ status: 401, body: { error: 'badCredentials' } });
    expect(relaySessions()).toBe(before);
  });

  it('refuses, with a clear error, a person it cannot check without the district', async () => {
    wan.cut();
    const before = relaySessions();
    const unknown = await signInAtRelay('nobody.vikasnagar', 'demo1234', clerk.deviceId);
    expect(unknown.status).toBe(503);
    expect(unknown.body.error).toBe('upstreamUnreachable');
    expect(unknown.body.detail).toContain(`"nobody.vikasnagar" is not one of this office's people`);
    const elsewhere = await signInAtRelay('clerk.chakrata', 'demo1234', clerk.deviceId);
    expect(elsewhere.status).toBe(503);
    expect(elsewhere.body.detail).toContain(`"clerk.chakrata" is not one of this office's people`);
    expect(relaySessions()).toBe(before);
  });

  it("takes the district's new password once the relay has heard of it, and refuses the old one", async () => {
    const verifier = () => {
      const db = new Database(join(relayDir, 'patravali.sqlite'), { readonly: true });
      try {
        const row = db
          .prepare("SELECT hash FROM credentials WHERE person = 'clerk.vikasnagar'")
          .get() as { hash: string } | undefined;
        return row?.hash;
      } finally {
        db.close();
      }
    };
    const old = verifier();
    await runAdminProcess(districtDir, ['set-password', 'clerk.vikasnagar'], 'naya-password-9\n');
    await eventually(async () => verifier() !== old, 30_000);
    wan.cut();
    const before = relaySessions();
    const stale = await signInAtRelay('clerk.vikasnagar', 'demo1234', clerk.deviceId);
    expect(stale).toMatchObject({ status: 401, body: { error: 'badCredentials' } });
    expect(relaySessions()).toBe(before);
    const fresh = await signInAtRelay('clerk.vikasnagar', 'naya-password-9', clerk.deviceId);
    expect(fresh).toMatchObject({ status: 201, body: { provisional: true } });
  });

  it('registers a new tablet at the relay provisionally; the district confirms it and takes its work', async () => {
    const reader = deviceUuid(91);
    const readerToken = (await signIn(district.url, 'dm.dehradun', reader)).body.token;
    const atDistrict = async () => (await pullAll(district.url, readerToken, reader)).byRecord;
    const pending = () => {
      const text = readFileSync(join(relayDir, 'relay-pending.json'), 'utf8');
      return {
        text,
        keys: (JSON.parse(text) as { registrations: { keyId: string }[] }).registrations,
      };
    };
    wan.cut();
    // The tehsildar's second tablet, never seen by the district.
    const second = tablet(
      serverAt(() => relay.url, relayDir),
      clock,
      random,
    );
    expect(await second.signIn('tehsildar.vikasnagar')).toMatchObject({ ok: true, online: true });
    expect((await currentSession(second.db))?.deviceNumber).toBe(0);
    const [registration] = pending().keys;
    const keyId = registration?.keyId ?? '';
    expect(pending().keys).toHaveLength(1);
    // The relay lists the key as waiting for the district; the tablet's session stays provisional.
    const listed = async () => {
      const token = (await currentSession(second.db))?.token ?? '';
      const res = await fetch(`${relay.url}/api/device-keys`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await res.json()) as DeviceKeysResponse;
      return body.deviceKeys.find((k) => k.id === keyId);
    };
    expect(await listed()).toMatchObject({ id: keyId, provisional: true });
    expect(await second.sync()).toBe('synced');
    expect((await currentSession(second.db))?.provisional).toBe(true);
    // Sealed to the district: the relay keeps no password.
    expect(pending().text).not.toContain('demo1234');
    // Without a number from the district it cannot number a new file, and says why.
    const early = await second.context();
    expect(early.deviceNumber).toBe(0);
    const unnumbered = await createFile(early, { subject: 'खसरा 42 सीमांकन', category: 'revenue' });
    expect(unnumbered).toMatchObject({ ok: false, error: 'noDeviceNumber' });
    expect(en[errorKey('noDeviceNumber')]).toMatch(/no device number yet/);
    expect(hi[errorKey('noDeviceNumber')]).toMatch(/उपकरण संख्या नहीं मिली/);

    const id = await fileSentTo(clerk, 'खसरा 41 सीमांकन');
    expect(await clerk.sync()).toBe('synced');
    await eventually(async () => {
      expect(await second.sync()).toBe('synced');
      return (await second.db.records.get(id)) !== undefined;
    }, 30_000);
    const back = { to: CLERK, remarks: 'देखा गया', dueDate: null, priority: 'normal' as const };
    expect((await sendRecord(await second.context(), id, back)).ok).toBe(true);
    expect(await second.sync()).toBe('synced');
    expect(stateOf((await atDistrict()).get(id) ?? [])?.holder).not.toBe(CLERK);

    wan.restore();
    await eventually(
      async () => stateOf((await atDistrict()).get(id) ?? [])?.holder === CLERK,
      60_000,
    );
    const updates = (await atDistrict()).get(id) ?? [];
    expect(readEvents(docOf(updates)).some((e) => e.key === keyId)).toBe(true);
    expect(await everySignatureVerifies(district.url, id, updates)).toBe(true);
    expect(pending().keys).toEqual([]);
    expect(relay.output()).toContain(`the district confirmed the provisional key ${keyId}`);
    expect(relay.output()).not.toContain('refused');
    // The tablet hears it at its next sync: its menu stops saying provisional.
    expect((await listed())?.provisional).toBeUndefined();
    expect(await second.sync()).toBe('synced');
    expect((await currentSession(second.db))?.provisional).toBeUndefined();
    // With the confirmation came the number the district gave the tablet; the page
    // loaded before (its context still without one) now numbers a new file with it.
    const given = (await currentSession(second.db))?.deviceNumber ?? 0;
    expect(given).toBeGreaterThan(0);
    const atTheDistrict = await signIn(district.url, 'tehsildar.vikasnagar', second.deviceId);
    expect(atTheDistrict.body.deviceNumber).toBe(given);
    const numbered = await createFile(early, { subject: 'खसरा 42 सीमांकन', category: 'revenue' });
    if (!numbered.ok) throw new Error(numbered.error);
    expect(numbered.value.number).toContain(`/${given}-1`);
    expect(await second.sync()).toBe('synced');
    await eventually(async () => (await atDistrict()).has(numbered.value.id), 60_000);
  });

  it('drops a provisional key the district refuses (the password changed meanwhile), and its sessions', async () => {
    wan.cut();
    const third = tablet(
      serverAt(() => relay.url, relayDir),
      clock,
      random,
    );
    expect(await third.signIn('naib.vikasnagar')).toMatchObject({ ok: true, online: true });
    const keyId = (await currentSession(third.db))?.signer?.keyId ?? '';
    expect(keyId).not.toBe('');
    await runAdminProcess(districtDir, ['set-password', 'naib.vikasnagar'], 'naya-password-9\n');
    wan.restore();
    await eventually(
      async () => relay.output().includes(`the district refused the provisional key ${keyId}`),
      30_000,
    );
    expect(
      relayRows(
        'SELECT COUNT(*) AS n FROM device_keys WHERE key_id = ? AND revoked_at IS NOT NULL',
        keyId,
      ),
    ).toBe(1);
    expect(await third.sync()).not.toBe('synced');
  });

  it('refuses a person the district revoked, once the relay has heard of it', async () => {
    await runAdminProcess(districtDir, ['revoke', 'tehsildar.vikasnagar']);
    await eventually(
      async () =>
        relayRows(
          "SELECT COUNT(*) AS n FROM access_revocations WHERE person = 'tehsildar.vikasnagar'",
        ) === 1,
      30_000,
    );
    wan.cut();
    const before = relaySessions();
    const revoked = await signInAtRelay('tehsildar.vikasnagar', 'demo1234', tehsildar.deviceId);
    expect(revoked.status).toBe(503);
    expect(revoked.body.detail).toContain(
      'the district revoked the access of "tehsildar.vikasnagar"',
    );
    expect(relaySessions()).toBe(before);
    wan.restore();
    // With the district back, signing in again is the district's to allow (it does).
    await eventually(async () => {
      const again = await signInAtRelay('tehsildar.vikasnagar', 'demo1234', tehsildar.deviceId);
      return again.status === 201 && again.body.provisional === undefined;
    }, 30_000);
  });
});
