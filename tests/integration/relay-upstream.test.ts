import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEvents } from '@doc/record-doc.ts';
import type { PersonId, RecordId } from '@domain/ids.ts';
import { loadRecordDoc, stateOfDoc } from '@storage/db/record-store.ts';
import { createFile, sendRecord } from '@storage/services.ts';
import { API } from '@protocol/api.ts';
import { SIGN_OUTS_FILE } from '../../sync-server/relay/sign-outs.ts';
import { docOf, everySignatureVerifies, redundantRows } from './relay-checks.ts';
import {
  startDistrict,
  startRelay,
  startRelayWorld,
  runAdminProcess,
  type Child,
  type RelayWorld,
} from './relay-processes.ts';
import { bearer, deviceUuid, signIn, tempDir } from './server-harness.ts';
import { pullAll, stateOf } from './server-sync-client.ts';
import { createClock, eventually } from './sync-harness.ts';
import type { TestServer } from './sync-harness.ts';
import { seeded, tablet, TEHSILDAR, type Tablet } from './tablet-harness.ts';
import { startWanProxy, type WanProxy } from './wan-proxy.ts';

/**
 * The relay's upstream link when the WAN misbehaves, on real processes (district
 * and Vikasnagar's relay; decision 0010). A WAN that accepts and never answers
 * does not hold the relay's loop: the call is given up after the quiet time and
 * tried again with backoff. A relay killed with SIGKILL while a page trickles in
 * starts again from relay-state.json and converges with the district: nothing
 * lost either way, no update stored twice at either tier, every signature
 * verifying at the district. A district without the sign-outs' route (older than
 * the relay), or failing it, still gets the relay's files, and the relay says so
 * once while it lasts, not at every check.
 */

// Long enough for a forwarded sign-in on a loaded machine, short enough for the test.
const RELAY_ENV = { PATRAVALI_RELAY_TIMEOUT_MS: '5000', PATRAVALI_RELAY_BACKOFF_MS: '400' };

describe("the relay's upstream link survives a hung WAN and a kill mid-sync", () => {
  const clock = createClock(Date.now());
  const random = seeded(1818);
  const dirs: { remove: () => Promise<void> }[] = [];
  let district: Child;
  let relay: Child;
  let wan: WanProxy;
  let relayDir = '';
  let key = '';
  let clerk: Tablet;
  let tehsildar: Tablet;
  /** The kanungo in the field, on mobile data straight to the district. */
  let kanungo: Tablet;
  const reader = deviceUuid(91);
  let readerToken = '';

  const serverAt = (url: () => string, dataDir: string): TestServer => ({
    origin: url,
    dataDir,
    restart: async () => undefined,
    close: async () => undefined,
  });

  /** A new file from `t`'s signed-in person, sent to `to`; its id. */
  async function fileSentTo(t: Tablet, subject: string, to: PersonId): Promise<RecordId> {
    const ctx = await t.context();
    const file = await createFile(ctx, { subject, category: 'revenue' });
    if (!file.ok) throw new Error(file.error);
    const move = { to, remarks: 'अवलोकनार्थ', dueDate: null, priority: 'normal' as const };
    expect((await sendRecord(ctx, file.value.id, move)).ok).toBe(true);
    return file.value.id;
  }

  /** Each record's updates as `url` gives them to whoever holds `token`. */
  const stored = async (url: string, token: string, device: string) =>
    (await pullAll(url, token, device)).byRecord;
  const atDistrict = () => stored(district.url, readerToken, reader);

  /** The token hashes of sign-outs at the relay not yet told to the district. */
  const signOutsKept = (): string[] => {
    const path = join(relayDir, SIGN_OUTS_FILE);
    if (!existsSync(path)) return [];
    return (JSON.parse(readFileSync(path, 'utf8')) as { tokenHash: string }[]).map(
      (o) => o.tokenHash,
    );
  };

  const relayState = () =>
    JSON.parse(readFileSync(join(relayDir, 'relay-state.json'), 'utf8')) as {
      cursor: number;
      pushed: number;
    };

  beforeAll(async () => {
    const districtDir = await tempDir('patravali-district-');
    const relayData = await tempDir('patravali-relay-');
    dirs.push(districtDir, relayData);
    relayDir = relayData.path;
    district = await startDistrict(districtDir.path);
    const printed = await runAdminProcess(districtDir.path, ['add-relay', 'VKN']);
    key = /relay key .*: (\S+)/.exec(printed)?.[1] ?? '';
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
    kanungo = tablet(
      serverAt(() => district.url, districtDir.path),
      clock,
      random,
    );
    readerToken = (await signIn(district.url, 'dm.dehradun', reader)).body.token;
    expect(await clerk.signIn('clerk.vikasnagar')).toMatchObject({ ok: true, online: true });
    expect(await tehsildar.signIn('tehsildar.vikasnagar')).toMatchObject({ ok: true });
    expect(await kanungo.signIn('kanungo.vikasnagar')).toMatchObject({ ok: true });
  }, 120_000);
  afterAll(async () => {
    await relay?.stop();
    await district?.stop();
    await wan?.close();
    for (const d of dirs) await d.remove();
  });

  it('gives up a call the WAN swallows and syncs once the WAN answers again', async () => {
    wan.hang();
    const id = await fileSentTo(clerk, 'खसरा 12 सीमांकन', TEHSILDAR);
    expect(await clerk.sync()).toBe('synced');
    await eventually(
      async () => relay.output().includes('nothing crossed the link to the district for 5 s'),
      30_000,
    );
    wan.restore();
    await eventually(
      async () => stateOf((await atDistrict()).get(id) ?? [])?.holder === TEHSILDAR,
      60_000,
    );
    // Said when the run that got through ends (just after the district committed).
    await eventually(async () => relay.output().includes('relay: the district answers again'));
  });

  it('goes on syncing with a district that has no session-ends, or fails it, keeping the sign-outs', async () => {
    // A district from before the call answers it 404; the relay has a sign-out to tell.
    wan.answer(API.relaySessionEnds, 404);
    const naib = (await signIn(relay.url, 'naib.vikasnagar', deviceUuid(93))).body.token;
    const out = await fetch(`${relay.url}/api/session`, {
      method: 'DELETE',
      headers: bearer(naib),
    });
    expect(out.status).toBe(204);
    const hash = createHash('sha256').update(naib, 'utf8').digest('hex');
    const first = await fileSentTo(clerk, 'खसरा 31 सीमांकन', TEHSILDAR);
    expect(await clerk.sync()).toBe('synced');
    await eventually(
      async () => stateOf((await atDistrict()).get(first) ?? [])?.holder === TEHSILDAR,
      60_000,
    );
    expect(relay.output().split('too old for session-ends').length - 1).toBe(1);
    expect(signOutsKept()).toEqual([hash]);

    // A district that fails the call (500) gets the files too.
    wan.answer(API.relaySessionEnds, 500);
    const second = await fileSentTo(clerk, 'खसरा 32 सीमांकन', TEHSILDAR);
    expect(await clerk.sync()).toBe('synced');
    await eventually(
      async () => stateOf((await atDistrict()).get(second) ?? [])?.holder === TEHSILDAR,
      60_000,
    );
    expect(relay.output()).toContain('refused the sign-outs (HTTP 500)');
    expect(signOutsKept()).toEqual([hash]);

    // Updated, the district hears of the sign-out.
    wan.answer(API.relaySessionEnds, null);
    await eventually(async () => signOutsKept().length === 0, 30_000);
    const there = await fetch(`${district.url}/api/directory`, { headers: bearer(naib) });
    expect(there.status).toBe(401);
  }, 150_000);

  it('resumes after SIGKILL mid-page: nothing lost, nothing stored twice, signatures verified', async () => {
    wan.cut();
    const fromRelay = [
      await fileSentTo(clerk, 'खसरा 21 नामांतरण', TEHSILDAR),
      await fileSentTo(clerk, 'खसरा 22 नामांतरण', TEHSILDAR),
      await fileSentTo(clerk, 'खसरा 23 नामांतरण', TEHSILDAR),
    ];
    expect(await clerk.sync()).toBe('synced');
    const fromField = await fileSentTo(kanungo, 'स्थलीय निरीक्षण आख्या', TEHSILDAR);
    expect(await kanungo.sync()).toBe('synced');
    const before = relayState();

    // The WAN comes back as 2G; the relay is killed part-way through the district's answer.
    const mid = wan.midResponse('application/octet-stream');
    wan.trickle(256, 20);
    await mid;
    await relay.kill();
    // The district took the relay's push; the relay had not recorded that, nor what it pulled.
    const taken = await atDistrict();
    for (const id of fromRelay) expect(taken.has(id)).toBe(true);
    expect(relayState()).toMatchObject({ cursor: before.cursor, pushed: before.pushed });

    wan.restore();
    relay = await startRelay(relayDir, wan.origin, 'VKN', key, RELAY_ENV);
    await eventually(async () => {
      expect(await tehsildar.sync()).toBe('synced');
      return (await tehsildar.db.records.get(fromField)) !== undefined;
    }, 60_000);
    await eventually(async () => relayState().cursor > before.cursor, 30_000);

    const there = await atDistrict();
    const relayReader = (await signIn(relay.url, 'tehsildar.vikasnagar', deviceUuid(92))).body;
    const here = await stored(relay.url, relayReader.token, deviceUuid(92));
    for (const id of [...fromRelay, fromField]) {
      const updates = there.get(id) ?? [];
      expect(stateOf(updates)?.holder).toBe(TEHSILDAR);
      expect(redundantRows(updates)).toEqual([]);
      expect(redundantRows(here.get(id) ?? [])).toEqual([]);
      const ids = (u: readonly Uint8Array[]) => readEvents(docOf(u)).map((e) => e.id);
      expect(ids(here.get(id) ?? [])).toEqual(ids(updates));
      const onTablet = await loadRecordDoc(tehsildar.db, id);
      expect(readEvents(onTablet).map((e) => e.id)).toEqual(ids(updates));
      expect(stateOfDoc(onTablet, clock.now())?.holder).toBe(TEHSILDAR);
      expect(await everySignatureVerifies(district.url, id, updates)).toBe(true);
    }
    expect(relay.output()).not.toContain('refused');
  });
});

describe('a district without session-ends is logged once while it lasts', () => {
  let world: RelayWorld;

  beforeAll(async () => {
    // Runs every 100 ms, a check every 400: most runs have nothing to ask the district.
    world = await startRelayWorld({
      PATRAVALI_RELAY_TIMEOUT_MS: '5000',
      PATRAVALI_RELAY_BACKOFF_MS: '400',
      PATRAVALI_RELAY_SYNC_MS: '100',
      PATRAVALI_RELAY_SESSION_CHECK_MS: '400',
    });
  }, 120_000);
  afterAll(() => world?.close());

  it('once, not at each check; again once the district took the call in between', async () => {
    const { district, relay, wan } = world;
    const tooOld = () => relay.output().split('too old for session-ends').length - 1;
    const atRelay = async (username: string, device: number) => {
      const answer = await signIn(relay.url, username, deviceUuid(device));
      expect(answer.status).toBe(201);
      return answer.body.token;
    };
    // A live session at the relay: each check asks the district about it.
    const clerk = await atRelay('clerk.vikasnagar', 1);
    wan.answer(API.relaySessionEnds, 404);
    await eventually(async () => wan.answered() >= 4, 30_000);
    expect(tooOld()).toBe(1);

    // Updated: a sign-out at the district ends the relay's copy, so the call was taken.
    wan.answer(API.relaySessionEnds, null);
    const out = await fetch(`${district.url}/api/session`, {
      method: 'DELETE',
      headers: bearer(clerk),
    });
    expect(out.status).toBe(204);
    await eventually(
      async () =>
        (await fetch(`${relay.url}/api/directory`, { headers: bearer(clerk) })).status === 401,
      30_000,
    );
    // Older again (a district restored from a backup): said once more.
    await atRelay('tehsildar.vikasnagar', 2);
    const before = wan.answered();
    wan.answer(API.relaySessionEnds, 404);
    await eventually(async () => wan.answered() >= before + 4, 30_000);
    expect(tooOld()).toBe(2);
  }, 150_000);
});
