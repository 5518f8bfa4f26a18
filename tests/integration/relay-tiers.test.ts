import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeB64url, encodeB64url } from '@doc/signature.ts';
import { readEvents } from '@doc/record-doc.ts';
import { asOfficeId, type RecordId } from '@domain/ids.ts';
import { KV_KEYS, readKv, writeKv } from '@storage/db/db.ts';
import { loadRecordDoc } from '@storage/db/record-store.ts';
import { currentSession, saveSession } from '@storage/session/session.ts';
import { lastLogAlarm } from '@storage/sync/log-watch.ts';
import { keyFingerprint, readRelayVouches } from '../../sync-server/auth/relay-vouches.ts';
import { docOf, everySignatureVerifies, redundantRows } from './relay-checks.ts';
import { readRelayState } from '../../sync-server/relay/relay-state.ts';
import { startDistrict, startRelay, runAdminProcess, type Child } from './relay-processes.ts';
import { deviceUuid, signIn, tempDir } from './server-harness.ts';
import { pullAll, stateOf } from './server-sync-client.ts';
import { createClock, eventually } from './sync-harness.ts';
import type { TestServer } from './sync-harness.ts';
import { CLERK, fileSentTo, seeded, tablet, TEHSILDAR, type Tablet } from './tablet-harness.ts';

/**
 * One address for the tablets, answered by either tier (decision 0015), on real
 * processes: the district and Vikasnagar's relay, set up with the district's own
 * address as its tablets' fallback. The clerk's tablet signs in at the relay,
 * which names the district's log key beside its own. When the same address is
 * answered by the district (the office's DNS sends it there, or the tablet is
 * carried out of the office) and then by the relay again, or when the relay is
 * killed and the tablet syncs at the fallback until the relay is back, each
 * tier's answer is taken with that tier's own cursor and tree head: no log
 * alarm, nothing lost, nothing stored twice at either tier, and everything
 * converges.
 */

const RELAY_ENV = { PATRAVALI_RELAY_TIMEOUT_MS: '5000', PATRAVALI_RELAY_BACKOFF_MS: '400' };

describe('one address, two tiers', () => {
  const clock = createClock(Date.now());
  const random = seeded(1915);
  const dirs: { remove: () => Promise<void> }[] = [];
  let district: Child;
  let relay: Child;
  /** Which tier the tablets' address reaches now (the office's DNS answer). */
  let answering: 'relay' | 'district' = 'relay';
  let clerk: Tablet;
  let tehsildar: Tablet;
  const reader = deviceUuid(93);
  let readerToken = '';
  let relayDir = '';
  let districtDataDir = '';
  let relayKey = '';
  const relayEnv = () => ({ ...RELAY_ENV, PATRAVALI_RELAY_FALLBACK: district.url });

  const oneAddress: TestServer = {
    origin: () => (answering === 'relay' ? relay.url : district.url),
    dataDir: '',
    restart: async () => undefined,
    close: async () => undefined,
  };
  const relayOnly: TestServer = { ...oneAddress, origin: () => relay.url };

  const atDistrict = async () => (await pullAll(district.url, readerToken, reader)).byRecord;
  const logKeyNow = async () => decodeB64url(await readKv<string>(clerk.db, KV_KEYS.logKey), 43);

  beforeAll(async () => {
    const districtDir = await tempDir('patravali-district-');
    const relayData = await tempDir('patravali-relay-');
    dirs.push(districtDir, relayData);
    relayDir = relayData.path;
    districtDataDir = districtDir.path;
    district = await startDistrict(districtDir.path);
    const printed = await runAdminProcess(districtDir.path, ['add-relay', 'VKN']);
    relayKey = /relay key .*: (\S+)/.exec(printed)?.[1] ?? '';
    relay = await startRelay(relayDir, district.url, 'VKN', relayKey, relayEnv());
    clerk = tablet(oneAddress, clock, random);
    tehsildar = tablet(relayOnly, clock, random);
    readerToken = (await signIn(district.url, 'dm.dehradun', reader)).body.token;
    expect(await clerk.signIn('clerk.vikasnagar')).toMatchObject({ ok: true, online: true });
    expect(await tehsildar.signIn('tehsildar.vikasnagar')).toMatchObject({ ok: true });
  }, 120_000);
  afterAll(async () => {
    await relay?.stop();
    await district?.stop();
    for (const d of dirs) await d.remove();
  });

  it('takes the district and then the relay again under the same address, each with its own cursor', async () => {
    const districtKey = (await signIn(district.url, 'dm.dehradun', deviceUuid(94))).body.logKey;
    const relayKey = await logKeyNow();
    // Signed in at the relay: its key is current, the district's is known beside it.
    expect(relayKey).not.toBeNull();
    expect(await readKv(clerk.db, KV_KEYS.logTiers)).toEqual({ [districtKey ?? '']: {} });

    const first = await fileSentTo(clerk, 'खसरा 41 सीमांकन', TEHSILDAR);
    expect(await clerk.sync()).toBe('synced');
    await eventually(async () => (await atDistrict()).has(first), 30_000);

    // The address now reaches the district.
    answering = 'district';
    const second = await fileSentTo(clerk, 'खसरा 42 सीमांकन', TEHSILDAR);
    expect(await clerk.sync()).toBe('synced');
    expect(await lastLogAlarm(clerk.db)).toBeNull();
    expect(await clerk.db.outbox.count()).toBe(0);
    expect(await logKeyNow()).toEqual(decodeB64url(districtKey, 43));
    expect(stateOf((await atDistrict()).get(second) ?? [])?.holder).toBe(TEHSILDAR);
    // The relay's cursor is kept aside for its next answer.
    const aside = await readKv<Record<string, { cursor?: Record<string, number> }>>(
      clerk.db,
      KV_KEYS.logTiers,
    );
    const relayCursor = Object.values(aside ?? {})[0]?.cursor?.[CLERK] ?? 0;
    expect(relayCursor).toBeGreaterThan(0);

    // And the relay again.
    answering = 'relay';
    const third = await fileSentTo(clerk, 'खसरा 43 सीमांकन', TEHSILDAR);
    expect(await clerk.sync()).toBe('synced');
    expect(await lastLogAlarm(clerk.db)).toBeNull();
    expect(await logKeyNow()).toEqual(relayKey);
    expect(await clerk.db.outbox.count()).toBe(0);

    // Everything converges: the tehsildar at the relay gets all three (the second through
    // the district), the district holds all three, each stored once, signatures verified.
    const all = [first, second, third];
    await eventually(async () => {
      expect(await tehsildar.sync()).toBe('synced');
      const here = await Promise.all(all.map((id) => tehsildar.db.records.get(id)));
      return here.every((r) => r !== undefined);
    }, 60_000);
    await converged(clerk, all);
    expect(relay.output()).not.toContain('refused');
  });

  /** Every record of `all` converged at both tiers and on `t`, each stored once, signed. */
  async function converged(t: Tablet, all: readonly RecordId[]): Promise<void> {
    await eventually(async () => {
      const there = await atDistrict();
      return all.every((id) => there.has(id));
    }, 60_000);
    const there = await atDistrict();
    const relayReader = (await signIn(relay.url, 'tehsildar.vikasnagar', deviceUuid(97))).body;
    const ids = (u: readonly Uint8Array[]) => readEvents(docOf(u)).map((e) => e.id);
    await eventually(async () => {
      const here = (await pullAll(relay.url, relayReader.token, deviceUuid(97))).byRecord;
      return all.every((id) => ids(here.get(id) ?? []).length === ids(there.get(id) ?? []).length);
    }, 60_000);
    const here = (await pullAll(relay.url, relayReader.token, deviceUuid(97))).byRecord;
    for (const id of all) {
      const updates = there.get(id) ?? [];
      expect(stateOf(updates)?.holder).toBe(TEHSILDAR);
      expect(redundantRows(updates)).toEqual([]);
      expect(redundantRows(here.get(id) ?? [])).toEqual([]);
      expect(ids(here.get(id) ?? [])).toEqual(ids(updates));
      expect(readEvents(await loadRecordDoc(t.db, id)).map((e) => e.id)).toEqual(ids(updates));
      expect(await everySignatureVerifies(district.url, id, updates)).toBe(true);
    }
  }

  it("syncs at the district's own address while the relay is killed, and at the relay once it is back", async () => {
    answering = 'relay';
    // The relay named the district's own address at sign-in.
    expect(await readKv(clerk.db, KV_KEYS.syncFallback)).toBe(district.url);
    const relayKeyNow = await logKeyNow();
    const before = await fileSentTo(clerk, 'खसरा 51 नामांतरण', TEHSILDAR);
    expect(await clerk.sync()).toBe('synced');
    await eventually(async () => (await atDistrict()).has(before), 30_000);

    await relay.kill();
    const during = await fileSentTo(clerk, 'खसरा 52 नामांतरण', TEHSILDAR);
    // One miss is not enough to go to the district (its first sync there pulls the whole
    // scope over the WAN); the second in a row is.
    expect(await clerk.sync()).toBe('failed');
    expect(await clerk.sync()).toBe('synced');
    expect(await lastLogAlarm(clerk.db)).toBeNull();
    expect(await clerk.db.outbox.count()).toBe(0);
    expect(stateOf((await atDistrict()).get(during) ?? [])?.holder).toBe(TEHSILDAR);
    // A sign-in while the relay is off reaches the district's own address too.
    expect(await tehsildar.signIn('tehsildar.vikasnagar')).toMatchObject({
      ok: true,
      online: true,
    });
    expect(await tehsildar.sync()).toBe('synced');
    expect(await tehsildar.db.records.get(during)).toBeDefined();

    relay = await startRelay(relayDir, district.url, 'VKN', relayKey, relayEnv());
    const after = await fileSentTo(clerk, 'खसरा 53 नामांतरण', TEHSILDAR);
    expect(await clerk.sync()).toBe('synced');
    expect(await lastLogAlarm(clerk.db)).toBeNull();
    expect(await logKeyNow()).toEqual(relayKeyNow);
    expect(await clerk.db.outbox.count()).toBe(0);
    // The tehsildar signed in at the district: the relay asks the district about that
    // session and keeps it, so nobody signs in again (relay-district-sessions.test.ts).
    await eventually(async () => {
      expect(await tehsildar.sync()).toBe('synced');
      return (await tehsildar.db.records.get(after)) !== undefined;
    }, 60_000);
    await converged(clerk, [before, during, after]);
    expect(relay.output()).not.toContain('refused');
  });

  it("takes a relay it never signed in at on the district's word for the relay's key", async () => {
    // A tablet set up at the district (the collectorate, or mobile data in the field).
    answering = 'district';
    const kanungo = tablet(oneAddress, clock, random);
    expect(await kanungo.signIn('kanungo.vikasnagar')).toMatchObject({ ok: true, online: true });
    expect(await kanungo.sync()).toBe('synced');
    const districtKey = await readKv<string>(kanungo.db, KV_KEYS.logKey);
    expect(await readKv(kanungo.db, KV_KEYS.logTiers)).toBeUndefined();
    // The district answered the sign-in itself: its key is the one whose word is taken.
    expect(await readKv(kanungo.db, KV_KEYS.districtKey)).toBe(districtKey);
    // The relay asked the district for its word at start and keeps it.
    await eventually(async () => (await fetch(`${relay.url}/api/log-key-vouch`)).ok, 60_000);

    // Carried into the office: the same address is answered by the relay.
    answering = 'relay';
    const sent = await fileSentTo(kanungo, 'खसरा 61 सीमांकन', TEHSILDAR);
    expect(await kanungo.sync()).toBe('synced');
    expect(await lastLogAlarm(kanungo.db)).toBeNull();
    expect(await kanungo.db.outbox.count()).toBe(0);
    // Taken, not refused: the relay learnt his session's key from the district with the
    // session (relay-district-keys.test.ts), not only at its next upstream run.
    expect(await kanungo.db.quarantine.count()).toBe(0);
    const relayLogKey = await readKv<string>(kanungo.db, KV_KEYS.logKey);
    expect(relayLogKey).not.toBe(districtKey);
    expect(Object.keys((await readKv(kanungo.db, KV_KEYS.logTiers)) ?? {})).toEqual([districtKey]);
    // A sync that fails is tried again, as the app does. (Once in a full run one failed
    // here: the relay had refused the kanungo's push keyUnknown, so the file never came and
    // the polling met the relay's per-person limit, 429; relay-district-keys.test.ts.)
    await eventually(
      async () =>
        (await tehsildar.sync()) === 'synced' &&
        (await tehsildar.db.records.get(sent)) !== undefined,
      60_000,
    );
    // And the district again, with its own cursor: no alarm either way.
    answering = 'district';
    expect(await kanungo.sync()).toBe('synced');
    expect(await lastLogAlarm(kanungo.db)).toBeNull();
    expect(await readKv<string>(kanungo.db, KV_KEYS.logKey)).toBe(districtKey);
    await converged(kanungo, [sent]);
  });

  it("takes no relay of another office on the district's word, raises no alarm, and syncs at the district's own address", async () => {
    // A tablet set up at the district; its person stands for one of another office whose
    // session the relay knows (the relay answers the sync, as it would a misrouted one).
    answering = 'district';
    const visitor = tablet(oneAddress, clock, random);
    expect(await visitor.signIn('kanungo.vikasnagar')).toMatchObject({ ok: true, online: true });
    expect(await visitor.sync()).toBe('synced');
    // Made at the district, not yet sent.
    const carried = await fileSentTo(visitor, 'खसरा 71 सीमांकन', TEHSILDAR);
    const session = await currentSession(visitor.db);
    if (session === null) throw new Error('not signed in');
    await saveSession(visitor.db, {
      ...session,
      person: { ...session.person, office: asOfficeId('chakrata') },
    });
    const districtKey = await readKv<string>(visitor.db, KV_KEYS.logKey);
    await eventually(async () => (await fetch(`${relay.url}/api/log-key-vouch`)).ok, 60_000);
    answering = 'relay';
    // No fallback kept: the run fails, and the file stays in the outbox (the answer not taken).
    expect(await visitor.sync()).toBe('failed');
    expect(await visitor.db.outbox.count()).toBeGreaterThan(0);
    expect(await lastLogAlarm(visitor.db)).toBeNull();
    expect(await readKv(visitor.db, KV_KEYS.logKey)).toBe(districtKey);
    expect(await readKv(visitor.db, KV_KEYS.logTiers)).toBeUndefined();
    expect(await readKv(visitor.db, KV_KEYS.vouchedKeys)).toBeUndefined();

    // With the district's own address kept (its own office's relay named it at sign-in), the
    // same sync goes there at once: the file reaches the district, the relay's answer is
    // still not taken, and no miss of the tablet's address is counted.
    await writeKv(visitor.db, KV_KEYS.syncFallback, district.url);
    expect(await visitor.sync()).toBe('synced');
    expect(await visitor.db.outbox.count()).toBe(0);
    expect(stateOf((await atDistrict()).get(carried) ?? [])?.holder).toBe(TEHSILDAR);
    expect(await lastLogAlarm(visitor.db)).toBeNull();
    expect(await readKv(visitor.db, KV_KEYS.logKey)).toBe(districtKey);
    expect(await readKv(visitor.db, KV_KEYS.logTiers)).toBeUndefined();
    expect(await readKv(visitor.db, KV_KEYS.vouchedKeys)).toBeUndefined();
    expect(await readKv(visitor.db, KV_KEYS.ownAddressMisses)).toBeUndefined();
  });

  it("gives the district's word for a relay's key to the relay's own session only", async () => {
    const relayToken = readRelayState(relayDir)?.token ?? '';
    const tabletToken = (await signIn(district.url, 'clerk.vikasnagar', deviceUuid(95))).body.token;
    const ownKey = (
      (await (await fetch(`${relay.url}/api/log-key-vouch`)).json()) as {
        relayKey: string;
      }
    ).relayKey;
    const ask = async (token: string | null, body: unknown) =>
      (
        await fetch(`${district.url}/api/relay/log-key`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(token === null ? {} : { authorization: `Bearer ${token}` }),
          },
          body: JSON.stringify(body),
        })
      ).status;
    // The district recorded the word it gave at the relay's start, and said so in its log.
    const given = readRelayVouches(districtDataDir);
    expect(given['relay:vikasnagar']).toMatchObject({ office: 'vikasnagar', key: ownKey });
    expect(district.output()).toContain(`district: vouched for relay account relay:vikasnagar`);
    expect(await ask(relayToken, { key: ownKey })).toBe(200);
    expect(await ask(null, { key: ownKey })).toBe(401);
    expect(await ask(tabletToken, { key: ownKey })).toBe(403);
    expect(await ask(relayToken, { key: 'short' })).toBe(400);
    expect(await ask(relayToken, { key: 'k'.repeat(100_000) })).toBe(400);
    // A second key for the relay's account: refused, a warning in the district's log.
    const second = encodeB64url(new Uint8Array(32).fill(7));
    expect(await ask(relayToken, { key: second })).toBe(403);
    await eventually(
      async () => district.output().includes('WARNING relay account relay:vikasnagar'),
      10_000,
    );
    // Nothing the bad asks sent changed what the district recorded.
    expect(readRelayVouches(districtDataDir)).toEqual(given);
    // The administrator's listing (admin relays) shows the vouch, its key by fingerprint.
    const at = new Date(given['relay:vikasnagar']?.at ?? 0).toISOString();
    expect(await runAdminProcess(districtDataDir, ['relays'])).toBe(
      `relay:vikasnagar\toffice vikasnagar (VKN)\tkey ${keyFingerprint(ownKey)}\tvouched ${at}\n1 relay(s) vouched for\n`,
    );
    // The word is bound to the relay's own office, whatever the body says.
    const vouch = (await (
      await fetch(`${district.url}/api/relay/log-key`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${relayToken}` },
        body: JSON.stringify({ key: ownKey, office: 'chakrata' }),
      })
    ).json()) as { office: string; relayKey: string };
    expect(vouch).toMatchObject({ office: 'vikasnagar', relayKey: ownKey });
    // The district holds no word of its own to give.
    expect((await fetch(`${district.url}/api/log-key-vouch`)).status).toBe(404);
  });
});
