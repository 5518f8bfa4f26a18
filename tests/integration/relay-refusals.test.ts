import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonId, RecordId } from '@domain/ids.ts';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { loadRecordDoc, stateOfDoc } from '@storage/db/record-store.ts';
import { createFile, finaliseDraft, markOpened, saveDraft, sendRecord } from '@storage/services.ts';
import type { DeviceContext } from '@storage/services.ts';
import { listQuarantine } from '@storage/sync/sync-store.ts';
import { startDistrict, startRelay, runAdminProcess, type Child } from './relay-processes.ts';
import { deviceUuid, signIn, tempDir } from './server-harness.ts';
import { pullAll, stateOf } from './server-sync-client.ts';
import { createClock, eventually } from './sync-harness.ts';
import type { TestServer } from './sync-harness.ts';
import { CLERK, seeded, tablet, TEHSILDAR, type Tablet } from './tablet-harness.ts';
import { startWanProxy, type WanProxy } from './wan-proxy.ts';

/**
 * The district's refusal of work an office relay had taken reaches the tablet
 * whose work it was (decision 0013), with real processes: district, relay, the
 * WAN between them through a proxy the test cuts. With the WAN down the
 * tehsildar notes on a file at the relay and sends it to the clerk, who notes
 * and sends it back; the relay takes both. The district revokes the tehsildar's
 * tablet meanwhile; when the WAN returns the relay forwards the file's update
 * (both notings: the clerk's builds on the tehsildar's), and the district
 * refuses it. The clerk's tablet, whose outbox the relay had emptied, finds its
 * noting in its quarantine with the district's reason, at its next sync at the
 * relay; neither the district nor the relay keeps the refused notings.
 */

describe("the district's refusal of relay-forwarded work reaches the tablet", () => {
  const clock = createClock(Date.now());
  const random = seeded(1812);
  const dirs: { remove: () => Promise<void> }[] = [];
  let districtDir = '';
  let relayDir = '';
  let relayKey = '';
  let district: Child;
  let relay: Child;
  let wan: WanProxy;
  let clerk: Tablet;
  let tehsildar: Tablet;
  let fileId: RecordId;
  const reader = deviceUuid(88);
  let readerToken = '';
  const CLERK_NOTE = 'खसरा सत्यापित, आदेश हेतु प्रस्तुत';
  const TEHSILDAR_NOTE = 'सत्यापन कर प्रस्तुत करें';

  async function noteAndSend(ctx: DeviceContext, text: string, to: PersonId) {
    expect((await saveDraft(ctx, fileId, text)).ok).toBe(true);
    expect((await finaliseDraft(ctx, fileId)).ok).toBe(true);
    const move = { to, remarks: 'अवलोकनार्थ', dueDate: null, priority: 'normal' as const };
    expect((await sendRecord(ctx, fileId, move)).ok).toBe(true);
  }

  /** The notings of the file a fresh reader pulls from `url` (null: it has no such file). */
  async function notesAt(url: string, token: string, device: string) {
    const updates = (await pullAll(url, token, device)).byRecord.get(fileId);
    return updates === undefined ? null : (stateOf(updates)?.notes.map((n) => n.text) ?? []);
  }

  beforeAll(async () => {
    const d = await tempDir('patravali-district-');
    const r = await tempDir('patravali-relay-');
    dirs.push(d, r);
    districtDir = d.path;
    district = await startDistrict(districtDir);
    const printed = await runAdminProcess(districtDir, ['add-relay', 'VKN']);
    relayKey = /relay key .*: (\S+)/.exec(printed)?.[1] ?? '';
    relayDir = r.path;
    wan = await startWanProxy(district.url);
    relay = await startRelay(relayDir, wan.origin, 'VKN', relayKey);
    const at: TestServer = {
      origin: () => relay.url,
      dataDir: r.path,
      restart: async () => undefined,
      close: async () => undefined,
    };
    clerk = tablet(at, clock, random);
    tehsildar = tablet(at, clock, random);
    expect(await clerk.signIn('clerk.vikasnagar')).toMatchObject({ ok: true, online: true });
    expect(await tehsildar.signIn('tehsildar.vikasnagar')).toMatchObject({ ok: true });
    for (const t of [clerk, tehsildar]) expect(await t.sync()).toBe('synced');
    readerToken = (await signIn(district.url, 'dm.dehradun', reader)).body.token;
  }, 120_000);
  afterAll(async () => {
    await relay?.stop();
    await district?.stop();
    await wan?.close();
    for (const d of dirs) await d.remove();
  });

  it('the file reaches the district with the WAN up', async () => {
    const c = await clerk.context();
    const file = await createFile(c, { subject: 'खसरा 44 नामांतरण', category: 'revenue' });
    if (!file.ok) throw new Error(file.error);
    fileId = file.value.id;
    const move = {
      to: TEHSILDAR,
      remarks: 'अवलोकनार्थ',
      dueDate: null,
      priority: 'normal' as const,
    };
    expect((await sendRecord(c, fileId, move)).ok).toBe(true);
    expect(await clerk.sync()).toBe('synced');
    await eventually(
      async () => (await notesAt(district.url, readerToken, reader)) !== null,
      30_000,
    );
  });

  it('with the WAN cut the relay takes both notings; the clerk has nothing left to send', async () => {
    wan.cut();
    expect(await tehsildar.sync()).toBe('synced');
    const t = await tehsildar.context();
    expect((await markOpened(t, fileId)).ok).toBe(true);
    await noteAndSend(t, TEHSILDAR_NOTE, CLERK);
    expect(await tehsildar.sync()).toBe('synced');
    expect(await clerk.sync()).toBe('synced');
    await noteAndSend(await clerk.context(), CLERK_NOTE, TEHSILDAR);
    expect(await clerk.sync()).toBe('synced');
    expect(await clerk.db.outbox.count()).toBe(0);
    expect(await clerk.db.quarantine.count()).toBe(0);
  });

  it("puts the district's refusal in the clerk's quarantine, with the reason in Hindi and English", async () => {
    await runAdminProcess(districtDir, [
      'revoke-device',
      'tehsildar.vikasnagar',
      tehsildar.deviceId,
    ]);
    wan.restore();
    // The relay keeps the refusal while the clerk's tablet is away, through a kill -9.
    await eventually(async () => /relay: kept refusal \d+ of /.test(relay.output()), 60_000);
    await relay.kill();
    relay = await startRelay(relayDir, wan.origin, 'VKN', relayKey);
    expect(await clerk.sync()).toBe('synced');
    const [item, ...more] = await listQuarantine(clerk.db);
    expect(more).toEqual([]);
    expect(item).toMatchObject({ recordId: fileId, reason: 'keyRevoked', upstream: true });
    expect(item?.detail).toMatch(/revoked/);
    const texts = item?.events.flatMap((e) => ('text' in e ? [e.text] : [])) ?? [];
    expect(texts).toContain(CLERK_NOTE);
    // What the quarantine list shows for it, in both languages.
    for (const catalog of [en, hi]) {
      expect(catalog['refusal.keyRevoked']).not.toBe('');
      expect(catalog['refusal.upstream']).not.toBe('');
    }
    // The clerk's copy is set back to the district's: the file is with the tehsildar, unnoted.
    const state = stateOfDoc(await loadRecordDoc(clerk.db, fileId), clock.now());
    expect(state?.holder).toBe(TEHSILDAR);
    expect(state?.notes).toEqual([]);
  });

  it('stores nothing the district refused, at the district or at the relay', async () => {
    expect(await notesAt(district.url, readerToken, reader)).toEqual([]);
    const fresh = deviceUuid(89);
    const token = (await signIn(relay.url, 'clerk.vikasnagar', fresh)).body.token;
    expect(await notesAt(relay.url, token, fresh)).toEqual([]);
  });

  it('tells the clerk once: the next syncs bring no second copy', async () => {
    expect(await clerk.sync()).toBe('synced');
    expect(await clerk.sync()).toBe('synced');
    expect(await clerk.db.quarantine.count()).toBe(1);
  });
});
