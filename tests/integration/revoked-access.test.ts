import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asPersonId, type RecordId } from '@domain/ids.ts';
import { API } from '@protocol/api.ts';
import { decodeFrame, encodeFrame } from '@protocol/codec.ts';
import { PROTOCOL_VERSION } from '@protocol/messages.ts';
import { KV_KEYS, readKv } from '@storage/db/db.ts';
import { getFormDraft, saveFormDraft } from '@storage/commands/form-drafts.ts';
import { revokedNotice } from '@storage/session/revoked-notice.ts';
import { createFile, getDraft, saveDraft } from '@storage/services.ts';
import { currentSession, signOut } from '@storage/session/session.ts';
import { runAdmin } from '../../sync-server/admin-commands.ts';
import { createClock, startServer, type OwnServer } from './sync-harness.ts';
import { CLERK, seeded, tablet, type Tablet } from './tablet-harness.ts';

/**
 * Revocation reaches the tablet: after `npm run admin -- revoke-device` (or
 * `revoke`) the server answers that person's next sync with `accessRevoked`
 * (HTTP 401, so older builds just sign in again), and the tablet removes that
 * person's data and nobody else's (src/storage/session/revoked-access.ts).
 */

const CHAKRATA_CLERK = asPersonId('clerk.chakrata');

describe('access revoked by the administrator reaches a shared tablet', () => {
  const clock = createClock();
  const random = seeded(41);
  let server: OwnServer;
  let t: Tablet;
  let chakrataFile: RecordId;
  let syncedFile: RecordId;
  let unsentFile: RecordId;
  let revokedToken = '';

  const admin = async (...args: string[]): Promise<string[]> => {
    const lines: string[] = [];
    const code = await runAdmin(args, {
      storage: server.storage(),
      now: clock.now,
      randomBytes: (n) => new Uint8Array(n),
      scryptLogN: 10,
      out: (l) => lines.push(l),
      readSecret: async () => '',
    });
    expect(code).toBe(0);
    return lines;
  };
  const created = async (subject: string): Promise<RecordId> => {
    const r = await createFile(await t.context(), { subject, category: 'revenue' });
    if (!r.ok) throw new Error(r.error);
    return r.value.id;
  };
  const recordIds = async (): Promise<RecordId[]> =>
    (await t.db.records.toArray()).map((r) => r.id).sort();

  beforeAll(async () => {
    server = await startServer(clock, random);
    t = tablet(server, clock, random);
    // Chakrata's clerk uses the tablet first: a file of her office and a draft on it.
    expect(await t.signIn('clerk.chakrata')).toMatchObject({ ok: true, online: true });
    chakrataFile = await created('चकराता की फ़ाइल');
    expect((await saveDraft(await t.context(), chakrataFile, 'उसका प्रारूप')).ok).toBe(true);
    expect(await t.sync()).toBe('synced');
    await signOut(t.db);
    // Then Vikasnagar's clerk: a synced file, then offline an unsent one, a draft, a form draft.
    expect(await t.signIn('clerk.vikasnagar')).toMatchObject({ ok: true, online: true });
    revokedToken = (await currentSession(t.db))?.token ?? '';
    syncedFile = await created('विकासनगर की फ़ाइल');
    expect(await t.sync()).toBe('synced');
    t.online = false;
    unsentFile = await created('न भेजी गई फ़ाइल');
    const ctx = await t.context();
    expect((await saveDraft(ctx, syncedFile, 'मेरा प्रारूप')).ok).toBe(true);
    expect((await saveFormDraft(ctx, 'dak', { subject: 'आधा भरा' })).ok).toBe(true);
    expect(await t.db.outbox.count()).toBe(1);
  });
  afterAll(async () => {
    await t.db.delete();
    await server.close();
  });

  it('revoke-device: the next sync hears accessRevoked and wipes that person only', async () => {
    const lines = await admin('revoke-device', 'clerk.vikasnagar', t.deviceId);
    expect(lines[0]).toMatch(/^revoked 1 session\(s\) and 1 signing key\(s\)/);
    t.online = true;
    expect(await t.sync()).toBe('accessRevoked');

    // Signed out, and can no longer sign in here offline: no session, no account row.
    expect(await currentSession(t.db)).toBeNull();
    expect((await t.db.accounts.toArray()).map((a) => a.person.id)).toEqual([CHAKRATA_CLERK]);
    // Her unsent file is gone with its updates; her synced Vikasnagar file is gone too, as
    // nobody left on the tablet may read it; the Chakrata file stays, with its draft.
    expect(await recordIds()).toEqual([chakrataFile]);
    expect(await t.db.outbox.count()).toBe(0);
    expect(await t.db.updates.where('recordId').anyOf([syncedFile, unsentFile]).count()).toBe(0);
    expect((await t.db.drafts.toArray()).map((d) => [d.author, d.text])).toEqual([
      [CHAKRATA_CLERK, 'उसका प्रारूप'],
    ]);
    const kv = (await t.db.kv.toArray()).map((r) => r.key);
    expect(kv.filter((k) => k.startsWith('formDraft:'))).toEqual([]);
    // Records were removed, so the next sync starts from the beginning of the log.
    expect(await readKv(t.db, KV_KEYS.cursor)).toBeUndefined();
    expect((await revokedNotice(t.db))?.person.id).toBe(CLERK);
  });

  it('says accessRevoked with HTTP 401 to any client, and only for that session', async () => {
    const request = {
      type: 'syncRequest',
      protocol: PROTOCOL_VERSION,
      deviceId: t.deviceId,
      cursor: 0,
      generation: 0,
      logSize: 0,
      updates: [],
    } as const;
    const post = async (token: string) => {
      const res = await fetch(server.origin() + API.sync, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${token}` },
        body: encodeFrame(request),
      });
      return { status: res.status, frame: decodeFrame(new Uint8Array(await res.arrayBuffer())) };
    };
    const revoked = await post(revokedToken);
    expect(revoked.status).toBe(401);
    expect(revoked.frame).toMatchObject({
      ok: true,
      value: { type: 'error', code: 'accessRevoked' },
    });
    // A session that merely ended (signed out) is the generic "sign in again".
    expect(await t.signIn('clerk.chakrata')).toMatchObject({ ok: true, online: true });
    const token = (await currentSession(t.db))?.token ?? '';
    await fetch(server.origin() + API.session, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    expect((await post(token)).frame).toMatchObject({ value: { code: 'unauthenticated' } });
    expect(await t.sync()).toBe('signedOut');
    expect((await t.db.accounts.toArray()).map((a) => a.person.id)).toEqual([CHAKRATA_CLERK]);
  });

  it('signing in again after a revocation starts afresh: a new key, nothing of before', async () => {
    expect(await t.signIn('clerk.vikasnagar')).toMatchObject({ ok: true, online: true });
    const ctx = await t.context();
    expect(await getDraft(ctx, syncedFile)).toBeNull();
    expect(await getFormDraft(ctx, 'dak')).toBeNull();
    // Her Vikasnagar file comes back from the server (the cursor went back to 0).
    expect(await t.sync()).toBe('synced');
    expect(await recordIds()).toEqual([chakrataFile, syncedFile].sort());
    const fresh = await created('नई कुंजी से');
    expect(await t.sync()).toBe('synced');
    expect(await t.db.outbox.count()).toBe(0);
    expect(await recordIds()).toContain(fresh);
    await signOut(t.db);
  });

  it('revoke of a person not signed in: the next online sign-in on the tablet wipes them', async () => {
    await admin('revoke', 'clerk.chakrata');
    expect(await t.signIn('tehsildar.vikasnagar')).toMatchObject({ ok: true, online: true });
    const people = (await t.db.accounts.toArray()).map((a) => a.person.id).sort();
    expect(people).toEqual([CLERK, asPersonId('tehsildar.vikasnagar')]);
    expect(await t.db.drafts.where('author').equals(CHAKRATA_CLERK).count()).toBe(0);
    expect(await recordIds()).not.toContain(chakrataFile);
    expect((await revokedNotice(t.db))?.person.id).toBe(CHAKRATA_CLERK);
    // The signed-in person's session is untouched.
    expect((await currentSession(t.db))?.person.id).toBe(asPersonId('tehsildar.vikasnagar'));
  });

  it('a key revoked while its person was signed out is replaced at their next sign-in', async () => {
    const revoked = (await t.db.accounts.get('tehsildar.vikasnagar'))?.signingKey?.keyId;
    await signOut(t.db);
    await admin('revoke-device', 'tehsildar.vikasnagar', t.deviceId);
    expect(await t.signIn('tehsildar.vikasnagar')).toMatchObject({ ok: true, online: true });
    const fresh = (await t.db.accounts.get('tehsildar.vikasnagar'))?.signingKey?.keyId;
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(revoked);
    // What she signs now is taken, not refused as keyRevoked.
    await created('नई कुंजी, नया काम');
    expect(await t.sync()).toBe('synced');
    expect(await t.db.outbox.count()).toBe(0);
    expect(await t.db.quarantine.count()).toBe(0);
  });
});
