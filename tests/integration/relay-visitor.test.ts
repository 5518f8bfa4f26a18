import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFrame } from '@protocol/codec.ts';
import { saveFormDraft } from '@storage/commands/form-drafts.ts';
import { KV_KEYS, readKv } from '@storage/db/db.ts';
import { createFile, saveDraft } from '@storage/services.ts';
import { revokedNotice } from '@storage/session/revoked-notice.ts';
import { currentSession } from '@storage/session/session.ts';
import { lastLogAlarm } from '@storage/sync/log-watch.ts';
import { redundantRows } from './relay-checks.ts';
import {
  addRelayKey,
  runAdminProcess,
  startDistrict,
  startRelay,
  type Child,
} from './relay-processes.ts';
import { bearer, deviceUuid, signIn, tempDir } from './server-harness.ts';
import { pullAll, stateOf } from './server-sync-client.ts';
import { createClock } from './sync-harness.ts';
import type { TestServer } from './sync-harness.ts';
import { fileSentTo, seeded, tablet, TEHSILDAR, type Tablet } from './tablet-harness.ts';

/**
 * A person of Vikasnagar visiting Chakrata with her tablet (decision 0017, amendment
 * 2), on real processes: the district and both offices' relays, each naming the
 * district's own address as its tablets' fallback. Her tablet's one address is answered
 * in Chakrata by Chakrata's relay, which holds no session of hers; the district tells
 * it that her token is a live session of another office's person, and the relay
 * refuses it with 401 `otherOffice`. Her tablet syncs at the district's own address at
 * once, is not signed out, and asks Chakrata's relay without the outbox from then on,
 * so each change goes there at most at the first meeting and is stored once at the
 * district. A session ended at the district is still "sign in again"; one whose
 * person's access the district revoked on that tablet is wiped there, as at home.
 */

const RELAY_ENV = { PATRAVALI_RELAY_TIMEOUT_MS: '5000', PATRAVALI_RELAY_BACKOFF_MS: '400' };

/** What one sync request to Chakrata's relay carried. */
interface Seen {
  readonly status: number;
  /** Bytes of outbox updates in it. */
  readonly outboxBytes: number;
}

/** An HTTP proxy in front of `target()` that notes each sync request and its answer. */
async function watchedRelay(target: () => string) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const up = httpRequest(
        `${target()}${req.url ?? '/'}`,
        { method: req.method, headers: req.headers, agent: false },
        (answer) => {
          if (req.url === '/api/sync') {
            const raw = req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
            const frame = decodeFrame(new Uint8Array(raw));
            const updates =
              frame.ok && frame.value.type === 'syncRequest' ? frame.value.updates : [];
            const outboxBytes = updates.reduce((n, u) => n + u.update.byteLength, 0);
            seen.push({ status: answer.statusCode ?? 0, outboxBytes });
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      up.once('error', () => res.destroy());
      up.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("a Vikasnagar tablet at Chakrata's relay", () => {
  const clock = createClock(Date.now());
  const random = seeded(1917);
  const dirs: { remove: () => Promise<void> }[] = [];
  let district: Child;
  let vikasnagar: Child;
  let chakrata: Child;
  let watched: Awaited<ReturnType<typeof watchedRelay>>;
  /** Which office's relay the tablets' address reaches (the office LAN's DNS answer). */
  let at: 'vikasnagar' | 'chakrata' = 'vikasnagar';
  const oneAddress: TestServer = {
    origin: () => (at === 'vikasnagar' ? vikasnagar.url : watched.url),
    dataDir: '',
    restart: async () => undefined,
    close: async () => undefined,
  };
  const atDistrict = async () =>
    (await pullAll(district.url, readerToken, deviceUuid(81))).byRecord;
  let readerToken = '';
  let districtPath = '';
  /** Ends `t`'s session at the district (another tablet of hers, the administrator). */
  const signedOutAtDistrict = async (t: Tablet) => {
    const session = await currentSession(t.db);
    const ended = await fetch(`${district.url}/api/session`, {
      method: 'DELETE',
      headers: bearer(session?.token ?? ''),
    });
    expect(ended.status).toBeLessThan(300);
  };
  let chakrataPath = '';

  /** Rows Chakrata's relay keeps of `person`, her device and her session's token. */
  function keptAtChakrata(person: string, device: string, token: string): number {
    const db = new Database(join(chakrataPath, 'patravali.sqlite'), { readonly: true });
    const tokenHash = createHash('sha256').update(token, 'utf8').digest('hex');
    const count = (sql: string, ...args: string[]) =>
      (db.prepare(sql).get(...args) as { n: number }).n;
    try {
      return (
        count(
          'SELECT COUNT(*) AS n FROM sessions WHERE token_hash = ? OR person = ?',
          tokenHash,
          person,
        ) +
        count('SELECT COUNT(*) AS n FROM devices WHERE device_id = ?', device) +
        count('SELECT COUNT(*) AS n FROM access_revocations WHERE person = ?', person)
      );
    } finally {
      db.close();
    }
  }

  beforeAll(async () => {
    const districtDir = await tempDir('patravali-district-');
    const vknDir = await tempDir('patravali-relay-');
    const cktDir = await tempDir('patravali-relay-');
    dirs.push(districtDir, vknDir, cktDir);
    districtPath = districtDir.path;
    chakrataPath = cktDir.path;
    district = await startDistrict(districtDir.path);
    const env = { ...RELAY_ENV, PATRAVALI_RELAY_FALLBACK: district.url };
    const vknKey = await addRelayKey(districtDir.path, 'VKN');
    const cktKey = await addRelayKey(districtDir.path, 'CKT');
    vikasnagar = await startRelay(vknDir.path, district.url, 'VKN', vknKey, env);
    chakrata = await startRelay(cktDir.path, district.url, 'CKT', cktKey, env);
    watched = await watchedRelay(() => chakrata.url);
    readerToken = (await signIn(district.url, 'dm.dehradun', deviceUuid(81))).body.token;
  }, 120_000);
  afterAll(async () => {
    await watched?.close();
    await chakrata?.stop();
    await vikasnagar?.stop();
    await district?.stop();
    for (const d of dirs) await d.remove();
  });

  it("syncs at the district's own address, stays signed in, and sends the outbox to the relay at most once", async () => {
    at = 'vikasnagar';
    const clerk = tablet(oneAddress, clock, random);
    expect(await clerk.signIn('clerk.vikasnagar')).toMatchObject({ ok: true, online: true });
    expect(await clerk.sync()).toBe('synced');
    expect(await readKv(clerk.db, KV_KEYS.syncFallback)).toBe(district.url);

    // Carried to Chakrata with a file not yet sent.
    const first = await fileSentTo(clerk, 'खसरा 81 सीमांकन', TEHSILDAR);
    at = 'chakrata';
    expect(await clerk.sync()).toBe('synced');
    expect(await currentSession(clerk.db)).not.toBeNull();
    expect(await clerk.db.outbox.count()).toBe(0);
    expect(await lastLogAlarm(clerk.db)).toBeNull();
    expect(stateOf((await atDistrict()).get(first) ?? [])?.holder).toBe(TEHSILDAR);
    // Chakrata's relay refused it as another office's person's session, once; the page it
    // carried at this first meeting was not taken there.
    expect(watched.seen).toHaveLength(1);
    expect(watched.seen[0]?.status).toBe(401);
    expect(watched.seen[0]?.outboxBytes).toBeGreaterThan(0);
    expect(await readKv(clerk.db, KV_KEYS.otherOfficeRelay)).toEqual(expect.any(Number));
    expect(await readKv(clerk.db, KV_KEYS.ownAddressMisses)).toBeUndefined();

    // The next runs (a new engine each, as after a reload) ask the relay without the outbox.
    const later = [
      await fileSentTo(clerk, 'खसरा 82 सीमांकन', TEHSILDAR),
      await fileSentTo(clerk, 'खसरा 83 सीमांकन', TEHSILDAR),
    ];
    expect(await clerk.sync()).toBe('synced');
    expect(await clerk.sync()).toBe('synced');
    expect(await currentSession(clerk.db)).not.toBeNull();
    expect(await clerk.db.outbox.count()).toBe(0);
    expect(watched.seen.slice(1)).toEqual([
      { status: 401, outboxBytes: 0 },
      { status: 401, outboxBytes: 0 },
    ]);
    const there = await atDistrict();
    for (const id of [first, ...later]) {
      expect(stateOf(there.get(id) ?? [])?.holder).toBe(TEHSILDAR);
      expect(redundantRows(there.get(id) ?? [])).toEqual([]);
    }
    // Chakrata's relay took nothing of hers, and the district told it only "another office".
    expect(chakrata.output()).not.toContain('clerk.vikasnagar');

    // Home again: its own relay answers the same address, and the memory goes.
    at = 'vikasnagar';
    const home = await fileSentTo(clerk, 'खसरा 84 सीमांकन', TEHSILDAR);
    expect(await clerk.sync()).toBe('synced');
    expect(await clerk.db.outbox.count()).toBe(0);
    expect(await readKv(clerk.db, KV_KEYS.otherOfficeRelay)).toBeUndefined();
    expect(await lastLogAlarm(clerk.db)).toBeNull();
    expect(home).toBeDefined();
  });

  it('asks to sign in again when the session was ended at the district', async () => {
    at = 'vikasnagar';
    const kanungo = tablet(oneAddress, clock, random);
    expect(await kanungo.signIn('kanungo.vikasnagar')).toMatchObject({ ok: true, online: true });
    expect(await kanungo.sync()).toBe('synced');
    at = 'chakrata';
    const carried = await fileSentTo(kanungo, 'खसरा 91 सीमांकन', TEHSILDAR);
    expect(await kanungo.sync()).toBe('synced');
    expect(stateOf((await atDistrict()).get(carried) ?? [])?.holder).toBe(TEHSILDAR);

    // Signed out at the district (another tablet of hers, the administrator): Chakrata's
    // relay may still say "another office" (it keeps that for a while), but the district,
    // the authority, says 401: sign in again, the unsent work kept.
    await signedOutAtDistrict(kanungo);
    await fileSentTo(kanungo, 'खसरा 92 सीमांकन', TEHSILDAR);
    expect(await kanungo.sync()).toBe('signedOut');
    expect(await kanungo.db.outbox.count()).toBeGreaterThan(0);
  });

  it('asks to sign in again, not via the district, when the session ended before she reached Chakrata', async () => {
    at = 'vikasnagar';
    const sdm = tablet(oneAddress, clock, random);
    expect(await sdm.signIn('sdm.vikasnagar')).toMatchObject({ ok: true, online: true });
    expect(await sdm.sync()).toBe('synced');
    await signedOutAtDistrict(sdm);
    await fileSentTo(sdm, 'खसरा 95 सीमांकन', TEHSILDAR);
    at = 'chakrata';
    const seenBefore = watched.seen.length;
    expect(await sdm.sync()).toBe('signedOut');
    // Chakrata's relay said a plain 401, not "another office": nothing remembered of it.
    expect(watched.seen.slice(seenBefore).map((s) => s.status)).toEqual([401]);
    expect(await readKv(sdm.db, KV_KEYS.otherOfficeRelay)).toBeUndefined();
    // Signed out, not wiped: her unsent work and her account stay on the tablet.
    expect(await sdm.db.outbox.count()).toBeGreaterThan(0);
    expect(await sdm.db.accounts.count()).toBe(1);
    expect(await revokedNotice(sdm.db)).toBeNull();
  });

  it('wipes a visitor whose access the district revoked on her tablet, as at home; Chakrata keeps nothing of her', async () => {
    at = 'vikasnagar';
    const naib = tablet(oneAddress, clock, random);
    expect(await naib.signIn('naib.vikasnagar')).toMatchObject({ ok: true, online: true });
    const token = (await currentSession(naib.db))?.token ?? '';
    const created = async (subject: string) => {
      const r = await createFile(await naib.context(), { subject, category: 'revenue' });
      if (!r.ok) throw new Error(r.error);
      return r.value.id;
    };
    const synced = await created('नायब की फ़ाइल');
    expect(await naib.sync()).toBe('synced');
    // Offline: an unsent file, a draft, a half-filled form; then her access is revoked on
    // this tablet at the district, and she syncs next in Chakrata.
    naib.online = false;
    await created('न भेजी गई फ़ाइल');
    const ctx = await naib.context();
    expect((await saveDraft(ctx, synced, 'मेरा प्रारूप')).ok).toBe(true);
    expect((await saveFormDraft(ctx, 'dak', { subject: 'आधा भरा' })).ok).toBe(true);
    await runAdminProcess(districtPath, ['revoke-device', 'naib.vikasnagar', naib.deviceId]);
    naib.online = true;
    at = 'chakrata';
    const seenBefore = watched.seen.length;
    expect(await naib.sync()).toBe('accessRevoked');

    // Wiped as revoked-access.test.ts's tablet at home: signed out, no account to sign in
    // offline with, none of her records, updates, outbox, drafts or form drafts, the
    // cursor gone, the notice for the sign-in page.
    expect(await currentSession(naib.db)).toBeNull();
    expect(await naib.db.accounts.count()).toBe(0);
    expect(await naib.db.records.count()).toBe(0);
    expect(await naib.db.updates.count()).toBe(0);
    expect(await naib.db.outbox.count()).toBe(0);
    expect(await naib.db.drafts.count()).toBe(0);
    const kv = (await naib.db.kv.toArray()).map((r) => r.key);
    expect(kv.filter((k) => k.startsWith('formDraft:'))).toEqual([]);
    expect(await readKv(naib.db, KV_KEYS.cursor)).toBeUndefined();
    expect((await revokedNotice(naib.db))?.person.id).toBe('naib.vikasnagar');

    // Chakrata's relay refused her as another office's, once; the district said why.
    expect(watched.seen.slice(seenBefore).map((s) => s.status)).toEqual([401]);
    expect(keptAtChakrata('naib.vikasnagar', naib.deviceId, token)).toBe(0);
    expect(chakrata.output()).not.toContain('naib.vikasnagar');
  });
});
