import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendEvents, createRecordDoc, readEvents, readMeta } from '@doc/record-doc.ts';
import { verifyItem } from '@doc/verify-bytes.ts';
import { asEventId, asOfficeId, type PersonId, type RecordId } from '@domain/ids.ts';
import { loadRecordDoc, stateOfDoc } from '@storage/db/record-store.ts';
import { createFile, finaliseDraft, markOpened, saveDraft, sendRecord } from '@storage/services.ts';
import type { DeviceContext } from '@storage/services.ts';
import { startDistrict, startRelay, runAdminProcess, type Child } from './relay-processes.ts';
import { deviceUuid, signIn, tempDir } from './server-harness.ts';
import { pullAll, stateOf, sync } from './server-sync-client.ts';
import { createClock, eventually } from './sync-harness.ts';
import type { TestServer } from './sync-harness.ts';
import { CLERK, seeded, tablet, TEHSILDAR, type Tablet } from './tablet-harness.ts';
import { startWanProxy, type WanProxy } from './wan-proxy.ts';

/**
 * An office relay on a real topology (decision 0010): the district server and
 * Vikasnagar's relay as separate processes, the relay's WAN link through a proxy
 * the test cuts. With the WAN down the clerk's file goes to the tehsildar and
 * back through the relay; with it back everything reaches the district, every
 * signature verifying there. A tampered relay's forged or altered events are
 * refused by the district and change nothing it stores.
 */

describe('an office relay keeps files moving while the WAN is down', () => {
  const clock = createClock(Date.now());
  const random = seeded(18);
  const dirs: { remove: () => Promise<void> }[] = [];
  let district: Child;
  let relay: Child;
  let wan: WanProxy;
  let relayDir = '';
  let clerk: Tablet;
  let tehsildar: Tablet;
  let fileId: RecordId;
  const reader = deviceUuid(90);
  let readerToken = '';

  /** What the district stores of the file, and the keys it lists. */
  const atDistrict = async () => {
    const all = await pullAll(district.url, readerToken, reader);
    const updates = all.byRecord.get(fileId);
    return updates === undefined ? null : updates;
  };

  /** A noting on the file, then the file sent to `to`, as the desk's tablet records them. */
  async function noteAndSend(ctx: DeviceContext, text: string, to: PersonId) {
    expect((await saveDraft(ctx, fileId, text)).ok).toBe(true);
    expect((await finaliseDraft(ctx, fileId)).ok).toBe(true);
    const move = { to, remarks: 'अवलोकनार्थ', dueDate: null, priority: 'normal' as const };
    expect((await sendRecord(ctx, fileId, move)).ok).toBe(true);
  }

  /** A push under the relay's own session at the district, as a tampered relay would make. */
  const asRelay = async (update: Uint8Array) => {
    const state = JSON.parse(readFileSync(join(relayDir, 'relay-state.json'), 'utf8')) as {
      token: string;
      deviceId: string;
    };
    const pushed = [{ ref: 1, recordId: fileId, update }];
    return (await sync(district.url, state.token, state.deviceId, 0, pushed)).response;
  };

  beforeAll(async () => {
    const districtDir = await tempDir('patravali-district-');
    const relayData = await tempDir('patravali-relay-');
    dirs.push(districtDir, relayData);
    relayDir = relayData.path;
    district = await startDistrict(districtDir.path);
    const printed = await runAdminProcess(districtDir.path, ['add-relay', 'VKN']);
    const key = /relay key .*: (\S+)/.exec(printed)?.[1] ?? '';
    wan = await startWanProxy(district.url);
    relay = await startRelay(relayDir, wan.origin, 'VKN', key);
    const at: TestServer = {
      origin: () => relay.url,
      dataDir: relayDir,
      restart: async () => undefined,
      close: async () => undefined,
    };
    clerk = tablet(at, clock, random);
    tehsildar = tablet(at, clock, random);
    readerToken = (await signIn(district.url, 'dm.dehradun', reader)).body.token;
  }, 120_000);
  afterAll(async () => {
    await relay?.stop();
    await district?.stop();
    await wan?.close();
    for (const d of dirs) await d.remove();
  });

  it('tablets sign in at the relay (the district checks their passwords and keys)', async () => {
    expect(await clerk.signIn('clerk.vikasnagar')).toMatchObject({ ok: true, online: true });
    expect(await tehsildar.signIn('tehsildar.vikasnagar')).toMatchObject({
      ok: true,
      online: true,
    });
    // The relay pulls the district's demo records its office may see, and gives them on.
    const offices = async () => new Set((await clerk.db.records.toArray()).map((r) => r.office));
    await eventually(async () => {
      expect(await clerk.sync()).toBe('synced');
      return (await offices()).has(asOfficeId('vikasnagar'));
    }, 60_000);
    expect((await offices()).has(asOfficeId('tyuni'))).toBe(false);
  });

  it('with the WAN cut, clerk → tehsildar → clerk completes through the relay', async () => {
    wan.cut();
    const c = await clerk.context();
    const file = await createFile(c, { subject: 'खसरा 7 नामांतरण', category: 'revenue' });
    if (!file.ok) throw new Error(file.error);
    fileId = file.value.id;
    await noteAndSend(c, 'नामांतरण हेतु प्रस्तुत', TEHSILDAR);
    expect(await clerk.sync()).toBe('synced');

    expect(await tehsildar.sync()).toBe('synced');
    const t = await tehsildar.context();
    expect((await markOpened(t, fileId)).ok).toBe(true);
    await noteAndSend(t, 'स्वीकृत, आदेश जारी करें', CLERK);
    expect(await tehsildar.sync()).toBe('synced');

    expect(await clerk.sync()).toBe('synced');
    const state = stateOfDoc(await loadRecordDoc(clerk.db, fileId), clock.now());
    expect(state?.holder).toBe(CLERK);
    expect(state?.notes.map((n) => n.author)).toEqual([CLERK, TEHSILDAR]);
    // The district has none of it yet.
    expect(await atDistrict()).toBeNull();
  });

  it("refuses a tampered relay's altered copy of a signed noting; the district stores nothing", async () => {
    const doc = await loadRecordDoc(clerk.db, fileId);
    const meta = readMeta(doc);
    if (!meta.ok) throw new Error(meta.error);
    const events = readEvents(doc);
    const note = events.find((e) => e.type === 'noting' && e.actor === TEHSILDAR);
    // The whole file as a relay could rebuild it, with the tehsildar's signed noting reworded.
    const reworded = events.map((e) => (e === note ? { ...e, text: 'अस्वीकृत' } : e));
    const res = await asRelay(Y.encodeStateAsUpdate(createRecordDoc(meta.value, reworded)));
    expect(res.acks).toEqual([]);
    expect(res.refusals.map((r) => r.reason)).toEqual(['signatureInvalid']);
    expect(await atDistrict()).toBeNull();
  });

  it('with the WAN back, everything reaches the district, every signature verifying there', async () => {
    wan.restore();
    await eventually(async () => {
      const updates = await atDistrict();
      return updates !== null && stateOf(updates)?.holder === CLERK;
    }, 60_000);
    const updates = (await atDistrict()) ?? [];
    const doc = new Y.Doc();
    for (const u of updates) Y.applyUpdate(doc, u);
    const here = readEvents(await loadRecordDoc(clerk.db, fileId));
    const there = readEvents(doc);
    expect(there.map((e) => e.id)).toEqual(here.map((e) => e.id));
    expect(stateOf(updates)?.notes.map((n) => [n.author, n.text])).toEqual([
      [CLERK, 'नामांतरण हेतु प्रस्तुत'],
      [TEHSILDAR, 'स्वीकृत, आदेश जारी करें'],
    ]);
    const keys = (await signIn(district.url, 'dm.dehradun', reader)).body.deviceKeys ?? [];
    const verified = there.map((e) => {
      const k = keys.find((x) => x.id === e.key && x.person === e.actor);
      if (k === undefined) return false;
      return verifyItem(fileId, e, k.algorithm, Buffer.from(k.publicKey, 'base64url'));
    });
    expect(verified.every((v) => v)).toBe(true);
    expect(verified.length).toBe(here.length);
    // Both ways every update was taken: the district's (demo records among them) at the relay too.
    expect(relay.output()).not.toContain('refused');
  });

  it("refuses a tampered relay's forged event, storing nothing of it", async () => {
    const before = await atDistrict();
    const stored = new Y.Doc();
    for (const u of before ?? []) Y.applyUpdate(stored, u);
    const note = readEvents(stored).find((e) => e.type === 'noting' && e.actor === TEHSILDAR);
    if (note === undefined) throw new Error('no noting of the tehsildar');
    // A noting in the tehsildar's name that no key of hers signed.
    const { sig: _sig, key: _key, prev: _prev, ...unsigned } = note;
    const forged = { ...unsigned, id: asEventId('00000000-0000-4000-a000-0000000000f1') };
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(stored));
    const sv = Y.encodeStateVector(copy);
    appendEvents(copy, [forged]);
    const res = await asRelay(Y.encodeStateAsUpdate(copy, sv));
    expect(res.acks).toEqual([]);
    expect(res.refusals.map((r) => r.reason)).toEqual(['actorMismatch']);
    const after = await atDistrict();
    expect(after?.length).toBe(before?.length);
    expect(stateOf(after ?? [])).toEqual(stateOf(before ?? []));
  });
});
