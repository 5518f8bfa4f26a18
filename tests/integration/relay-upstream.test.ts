import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEvents } from '@doc/record-doc.ts';
import type { PersonId, RecordId } from '@domain/ids.ts';
import { loadRecordDoc, stateOfDoc } from '@storage/db/record-store.ts';
import { createFile, sendRecord } from '@storage/services.ts';
import { docOf, everySignatureVerifies, redundantRows } from './relay-checks.ts';
import { startDistrict, startRelay, runAdminProcess, type Child } from './relay-processes.ts';
import { deviceUuid, signIn, tempDir } from './server-harness.ts';
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
 * verifying at the district.
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
      async () => relay.output().includes('the district sent nothing for 5 s'),
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
