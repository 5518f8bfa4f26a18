import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendEvents, createRecordDoc, readEvents, readMeta } from '@doc/record-doc.ts';
import { verifyItem } from '@doc/verify-bytes.ts';
import { asEventId, asOfficeId, asPersonId, type PersonId, type RecordId } from '@domain/ids.ts';
import { loadRecordDoc, stateOfDoc } from '@storage/db/record-store.ts';
import { createFile, finaliseDraft, markOpened, saveDraft, sendRecord } from '@storage/services.ts';
import type { DeviceContext } from '@storage/services.ts';
import { everySignatureVerifies } from './relay-checks.ts';
import { startThreeTiers, type Child, type ThreeTiers } from './relay-processes.ts';
import { deviceUuid, signIn } from './server-harness.ts';
import { pullAll, stateOf, sync } from './server-sync-client.ts';
import { createClock, eventually } from './sync-harness.ts';
import type { TestServer } from './sync-harness.ts';
import { CLERK, seeded, tablet, TEHSILDAR, type Tablet } from './tablet-harness.ts';
import type { WanProxy } from './wan-proxy.ts';

/**
 * Office relays on a real topology (decision 0010): the district server and the
 * relays of Vikasnagar and Chakrata as separate processes, Vikasnagar's WAN link
 * through a proxy the test cuts. With the WAN down the clerk's file goes to the
 * tehsildar and back through the relay, and a file sent to Chakrata's tehsildar
 * waits; with it back everything reaches the district, every signature verifying
 * there, and the Chakrata file reaches the tehsildar's tablet at Chakrata's relay.
 * A tampered relay's forged or altered events are refused by the district and
 * change nothing it stores.
 */

const CKT_TEHSILDAR = asPersonId('tehsildar.chakrata');

describe('an office relay keeps files moving while the WAN is down', () => {
  const clock = createClock(Date.now());
  const random = seeded(18);
  let tiers: ThreeTiers;
  let district: Child;
  let relay: Child;
  let chakrataRelay: Child;
  let wan: WanProxy;
  let relayDir = '';
  let clerk: Tablet;
  let tehsildar: Tablet;
  /** Chakrata's tehsildar, at Chakrata's relay. */
  let chakrata: Tablet;
  let fileId: RecordId;
  let toChakrata: RecordId;
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
    // The demo files: the relay must pull its office's and none of another's.
    tiers = await startThreeTiers({ PATRAVALI_DEMO_CONTENT: '1' });
    ({ district, relay, chakrataRelay, wan, relayDir } = tiers);
    const at: TestServer = {
      origin: () => relay.url,
      dataDir: relayDir,
      restart: async () => undefined,
      close: async () => undefined,
    };
    clerk = tablet(at, clock, random);
    tehsildar = tablet(at, clock, random);
    chakrata = tablet(
      { ...at, origin: () => chakrataRelay.url, dataDir: tiers.chakrataDir },
      clock,
      random,
    );
    readerToken = (await signIn(district.url, 'dm.dehradun', reader)).body.token;
  }, 120_000);
  afterAll(async () => {
    await tiers?.close();
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
    expect(await chakrata.signIn('tehsildar.chakrata')).toMatchObject({ ok: true, online: true });
    expect(await chakrata.sync()).toBe('synced');
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

  it('with the WAN cut, a file sent to Chakrata waits at the relay', async () => {
    const c = await clerk.context();
    const file = await createFile(c, { subject: 'सीमा विवाद चकराता', category: 'revenue' });
    if (!file.ok) throw new Error(file.error);
    toChakrata = file.value.id;
    const move = {
      to: CKT_TEHSILDAR,
      remarks: 'आवश्यक कार्यवाही हेतु',
      dueDate: null,
      priority: 'normal' as const,
    };
    expect((await sendRecord(c, toChakrata, move)).ok).toBe(true);
    expect(await clerk.sync()).toBe('synced');
    expect(await chakrata.sync()).toBe('synced');
    expect(await chakrata.db.records.get(toChakrata)).toBeUndefined();
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

  it("with the WAN back, the file reaches Chakrata's tehsildar through the district and Chakrata's relay", async () => {
    await eventually(async () => {
      expect(await chakrata.sync()).toBe('synced');
      return (await chakrata.db.records.get(toChakrata)) !== undefined;
    }, 60_000);
    const state = stateOfDoc(await loadRecordDoc(chakrata.db, toChakrata), clock.now());
    expect(state?.holder).toBe(CKT_TEHSILDAR);
    const here = readEvents(await loadRecordDoc(clerk.db, toChakrata)).map((e) => e.id);
    const there = readEvents(await loadRecordDoc(chakrata.db, toChakrata)).map((e) => e.id);
    expect(there).toEqual(here);
    const atDistrict = (await pullAll(district.url, readerToken, reader)).byRecord.get(toChakrata);
    expect(await everySignatureVerifies(district.url, toChakrata, atDistrict ?? [])).toBe(true);
    expect(chakrataRelay.output()).not.toContain('refused');
  });
});
