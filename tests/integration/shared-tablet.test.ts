import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyItem } from '@doc/verify-bytes.ts';
import { readEvents } from '@doc/record-doc.ts';
import type { RecordId } from '@domain/ids.ts';
import { loadRecordDoc, stateOfDoc } from '@storage/db/record-store.ts';
import {
  createFile,
  finaliseDraft,
  listQuarantine,
  markOpened,
  saveDraft,
  sendRecord,
} from '@storage/services.ts';
import { currentSession, signOut } from '@storage/session/session.ts';
import {
  createClock,
  createDevice,
  signIn as signInAt,
  startServer,
  syncUntilClean,
  uuidFrom,
} from './sync-harness.ts';
import type { TestServer } from './sync-harness.ts';
import { CLERK, seeded, tablet, TEHSILDAR, type Tablet } from './tablet-harness.ts';

/**
 * The shared-tablet data-loss bug: the clerk works offline, signs out with
 * changes unsent; the tehsildar signs in offline on the same tablet, works on
 * the same file, and the tablet syncs under the tehsildar's session. The
 * clerk's changes carry the clerk's device signature, so the server takes all of it
 * with the right authors, and nothing is quarantined or lost.
 */

describe('a shared tablet: the clerk signs out with unsent work, the tehsildar carries on', () => {
  const clock = createClock();
  const random = seeded(11);
  let server: TestServer;
  let d: Tablet;
  let fileId: RecordId;
  let clerkToken = '';

  beforeAll(async () => {
    server = await startServer(clock, random);
    d = tablet(server, clock, random);
    // Morning: the tehsildar has used this tablet online before, so can sign in offline later.
    expect(await d.signIn('tehsildar.vikasnagar')).toMatchObject({ ok: true, online: true });
    await signOut(d.db);
  });
  afterAll(async () => {
    await d.db.delete();
    await server.close();
  });

  it('the clerk signs in online, then works offline and signs out with changes unsent', async () => {
    expect(await d.signIn('clerk.vikasnagar')).toMatchObject({ ok: true, online: true });
    clerkToken = (await currentSession(d.db))?.token ?? '';
    expect(clerkToken).not.toBe('');
    d.online = false;
    const ctx = await d.context();
    // Her device key signs; the server issues no HMAC author key any more.
    expect(ctx.signer).toBeDefined();
    expect(ctx.authorKey ?? null).toBeNull();
    const file = await createFile(ctx, { subject: 'खसरा 112 का दाखिल-खारिज', category: 'revenue' });
    if (!file.ok) throw new Error(file.error);
    fileId = file.value.id;
    expect((await saveDraft(ctx, fileId, 'नामांतरण हेतु प्रस्तुत / put up for mutation')).ok).toBe(true);
    const sent = await sendRecord(ctx, fileId, {
      to: TEHSILDAR,
      remarks: 'कृपया अवलोकन करें',
      dueDate: null,
      priority: 'normal',
    });
    expect(sent).toEqual({ ok: true, value: undefined });
    expect(await d.db.outbox.count()).toBeGreaterThan(0);
    await signOut(d.db);
    // Nothing of the clerk's session stays readable: no token, no author key.
    const kv = JSON.stringify(await d.db.kv.toArray());
    expect(kv).not.toContain(clerkToken);
    expect(kv).not.toContain('"authorKey"');
  });

  it('the tehsildar signs in offline, opens the file and adds noting 2', async () => {
    expect(await d.signIn('tehsildar.vikasnagar')).toMatchObject({ ok: true, online: false });
    const ctx = await d.context();
    expect(ctx.person.id).toBe(TEHSILDAR);
    expect(ctx.signer).toBeDefined();
    expect((await markOpened(ctx, fileId)).ok).toBe(true);
    expect((await saveDraft(ctx, fileId, 'स्वीकृत / approved')).ok).toBe(true);
    expect((await finaliseDraft(ctx, fileId)).ok).toBe(true);
  });

  it('back online, the tehsildar syncs: everything is accepted with the right authors', async () => {
    d.online = true;
    // The offline session has no server token; signing in online again gives one.
    expect(await d.signIn('tehsildar.vikasnagar')).toMatchObject({ ok: true, online: true });
    const session = await currentSession(d.db);
    expect(session?.signer).toBeDefined();
    expect(await d.sync()).toBe('synced');
    expect(await listQuarantine(d.db)).toEqual([]);
    expect(await d.db.outbox.count()).toBe(0);

    const here = stateOfDoc(await loadRecordDoc(d.db, fileId), clock.now());
    expect(here?.notes.map((n) => n.author)).toEqual([CLERK, TEHSILDAR]);
  });

  it("another device of the office receives the file with both notings and both authors' events", async () => {
    const naib = await createDevice(server, 'naib.vikasnagar', clock, random);
    try {
      await syncUntilClean(naib);
      const doc = await loadRecordDoc(naib.db, fileId);
      const state = stateOfDoc(doc, clock.now());
      expect(state?.meta.createdBy).toBe(CLERK);
      expect(state?.notes.map((n) => [n.paragraph, n.author])).toEqual([
        [1, CLERK],
        [2, TEHSILDAR],
      ]);
      expect(state?.holder).toBe(TEHSILDAR);
      expect(readEvents(doc).map((e) => [e.actor, e.type])).toEqual([
        [CLERK, 'noting'],
        [CLERK, 'sent'],
        [TEHSILDAR, 'opened'],
        [TEHSILDAR, 'noting'],
      ]);
      // Signatures travel with the events: each verifies under its author's key for tablet D.
      const keys = (await signInAt(server, 'dm.dehradun', uuidFrom(random))).deviceKeys ?? [];
      const keyOf = (who: string) => {
        const k = keys.find((x) => x.person === who && x.device === d.deviceId);
        if (k === undefined) throw new Error(`no key of ${who} on tablet D`);
        return { alg: k.algorithm, pub: new Uint8Array(Buffer.from(k.publicKey, 'base64url')) };
      };
      const verified = readEvents(doc).map((e) => {
        const k = keyOf(e.actor);
        return verifyItem(fileId, e, k.alg, k.pub);
      });
      expect(verified).toEqual([true, true, true, true]);
      const clerkKey = keyOf(CLERK);
      expect(state && verifyItem(fileId, state.meta, clerkKey.alg, clerkKey.pub)).toBe(true);
    } finally {
      naib.engine.stop();
      await naib.db.delete();
    }
  });
});
