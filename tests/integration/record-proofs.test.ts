import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBytes } from '@doc/verify-bytes.ts';
import * as Y from 'yjs';
import { checkRecordProofs, proofsFromJson, type RecordProofsJson } from '@doc/record-proofs.ts';
import { decodeB64url } from '@doc/signature.ts';
import { asDeviceId, type RecordId } from '@domain/ids.ts';
import { recordProofsPath } from '@protocol/api.ts';
import { openDb, type PatravaliDb } from '@storage/db/db.ts';
import { saveDeviceKeys } from '@storage/session/device-keys.ts';
import { keepLogKey } from '@storage/sync/log-watch.ts';
import { keptRecordProofs } from '@storage/sync/record-proofs.ts';
import { createSyncPort } from '@storage/sync/sync-store.ts';
import { refreshRecordProofs } from '@sync/record-proofs-fetch.ts';
import { createSyncStatusStore } from '@sync/status.ts';
import { runSync } from '@sync/sync-run.ts';
import { testKey } from '../unit/doc/signing-keys.ts';
import { bearer, deviceUuid, signIn, startTestServer, type TestServer } from './server-harness.ts';
import { sync } from './server-sync-client.ts';
import { CLERK, noting, signedFile, signInWith, TABLET, type Session } from './signed-client.ts';

/**
 * Inclusion proofs of a record's items (issue 14, "verify, offline, by anyone")
 * from a real server over SQLite: the reader's scope decides who gets them,
 * bad requests get named errors, and a tablet (the real device store) checks
 * them with src/doc before keeping them for an offline export.
 */

const NAIB_TABLET = asDeviceId(deviceUuid(70));

describe('inclusion proofs of a record', () => {
  let server: TestServer;
  let clerk: Session;
  let naib: Session;
  let db: PatravaliDb;
  let logKey: Uint8Array;
  const clerkKey = testKey(CLERK, TABLET);
  let file: ReturnType<typeof signedFile>;

  const get = (token: string | null, recordId: string) =>
    fetch(server.url + recordProofsPath(recordId), {
      headers: token === null ? {} : bearer(token),
    });
  const transport = () => ({ baseUrl: server.url, fetch, now: () => Date.now() });

  beforeAll(async () => {
    server = await startTestServer();
    const c = await signInWith(server.url, 'clerk.vikasnagar', TABLET, clerkKey);
    const n = await signInWith(server.url, 'naib.vikasnagar', NAIB_TABLET, null);
    clerk = { token: c.body.token, deviceId: TABLET, body: c.body };
    naib = { token: n.body.token, deviceId: NAIB_TABLET, body: n.body };
    logKey = decodeB64url(c.body.logKey, 43) as Uint8Array;
    file = signedFile(clerkKey);
    const first = clerkKey.signEvent(file.meta, file.events, noting(CLERK, TABLET, 'प्रस्तुत'));
    const firstUpdate = file.append(first);
    const second = clerkKey.signEvent(file.meta, file.events, noting(CLERK, TABLET, 'REJECTED'));
    const update = Y.mergeUpdates([file.update, firstUpdate, file.append(second)]);
    const pushed = await sync(server.url, clerk.token, TABLET, 0, [
      { ref: 1, recordId: file.meta.id, update },
    ]);
    expect(pushed.response.acks).toEqual([1]);
    db = openDb(`record-proofs-${NAIB_TABLET}`);
    await saveDeviceKeys(db, naib.body.deviceKeys ?? []);
    await keepLogKey(db, naib.body.logKey);
    const outcome = await runSync({
      port: createSyncPort(db),
      deviceId: NAIB_TABLET,
      getToken: () => naib.token,
      status: createSyncStatusStore(),
      baseUrl: server.url,
      fetch,
      now: () => Date.now(),
      gzip: null,
    });
    expect(outcome.kind).toBe('synced');
  });
  afterAll(async () => {
    db?.close();
    await server.stop();
  });

  it('proves the meta and every event under a head signed by the log key', async () => {
    const res = await get(clerk.token, file.meta.id);
    expect(res.status).toBe(200);
    const proofs = proofsFromJson(await res.json());
    expect(proofs).not.toBeNull();
    if (proofs === null) return;
    expect(proofs.items.map((i) => i.eventId)).toEqual([
      file.meta.id,
      ...file.events.map((e) => e.id),
    ]);
    const items = { recordId: file.meta.id, meta: file.meta, events: file.events };
    expect(checkRecordProofs(items, proofs, logKey, verifyBytes)).toEqual([]);
    // The same proofs do not prove an edited noting.
    const edited = file.events.map((e) =>
      e.type === 'noting' && e.text === 'REJECTED' ? { ...e, text: 'APPROVED' } : e,
    );
    expect(checkRecordProofs({ ...items, events: edited }, proofs, logKey, verifyBytes)).toEqual([
      expect.objectContaining({ problem: 'inclusionFailed', eventId: file.events[1]?.id }),
    ]);
  });

  it('answers bad requests with named errors', async () => {
    expect((await get(null, file.meta.id)).status).toBe(401);
    const malformed = await get(clerk.token, 'not-a-uuid');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: 'badRequest' });
    const unknown = await get(clerk.token, '00000000-0000-4000-8000-0000000000ff');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: 'notFound' });
  });

  it('answers a record outside the reader scope as not found', async () => {
    const other = await signInWith(server.url, 'clerk.chakrata', deviceUuid(71), null);
    const res = await get(other.body.token, file.meta.id);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: 'notFound',
      detail: `no record ${file.meta.id} in your scope`,
    });
    const district = await signInWith(server.url, 'dm.dehradun', deviceUuid(72), null);
    expect((await get(district.body.token, file.meta.id)).status).toBe(200);
  });

  it('a tablet checks them against what it holds and keeps them', async () => {
    const recordId = file.meta.id as RecordId;
    const got = await refreshRecordProofs(db, transport(), naib.token, recordId);
    expect(got).toEqual({ kept: true, unproven: [] });
    const kept = await keptRecordProofs(db, recordId);
    expect(kept?.items).toHaveLength(3);
  });

  it.each([
    ['a flipped proof byte', 'inclusionFailed'],
    ['a head signed by another key', 'headSignature'],
    ['proofs of another record', 'otherRecord'],
    ['a proof that is not base64url', 'malformed'],
  ] as const)('a tablet keeps nothing of %s', async (what, problem) => {
    const recordId = file.meta.id as RecordId;
    const before = await db.logProofs.get(recordId);
    const good = (await (await get(naib.token, recordId)).json()) as RecordProofsJson;
    const path0 = good.items[1]?.path[0] ?? '';
    const forged: RecordProofsJson =
      what === 'a flipped proof byte'
        ? {
            ...good,
            items: good.items.map((i, n) =>
              n === 1 ? { ...i, path: [flipFirst(path0), ...i.path.slice(1)] } : i,
            ),
          }
        : what === 'a head signed by another key'
          ? { ...good, head: { ...good.head, time: good.head.time + 1 } }
          : what === 'proofs of another record'
            ? { ...good, recordId: deviceUuid(99) }
            : { ...good, items: [{ eventId: recordId, leaf: 0, path: ['!'] }] };
    const served = async () => new Response(JSON.stringify(forged), { status: 200 });
    const got = await refreshRecordProofs(
      db,
      { ...transport(), fetch: served as typeof fetch },
      naib.token,
      recordId,
    );
    expect(got.kept).toBe(false);
    expect('findings' in got && got.findings.map((f) => f.problem)).toContain(problem);
    expect(await db.logProofs.get(recordId)).toEqual(before);
  });

  it('says when the server cannot be asked', async () => {
    const offline = async () => {
      throw new TypeError('Failed to fetch');
    };
    const got = await refreshRecordProofs(
      db,
      { ...transport(), fetch: offline as typeof fetch },
      naib.token,
      file.meta.id as RecordId,
    );
    expect(got).toEqual({ kept: false, unreachable: 'Failed to fetch' });
  });
});

/** The same base64url hash with its first character changed. */
const flipFirst = (b64: string): string => (b64[0] === 'A' ? 'B' : 'A') + b64.slice(1);

describe('inclusion proofs under a flood', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ PATRAVALI_SYNC_PER_MINUTE: '2' });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('answers one person past their rate with 429 and Retry-After; others still get answers', async () => {
    const clerk = (await signIn(server.url, 'clerk.vikasnagar', deviceUuid(90))).body.token;
    const naib = (await signIn(server.url, 'naib.vikasnagar', deviceUuid(91))).body.token;
    const ask = (token: string) =>
      fetch(server.url + recordProofsPath(crypto.randomUUID() as RecordId), {
        headers: bearer(token),
      });
    expect([(await ask(clerk)).status, (await ask(clerk)).status]).toEqual([404, 404]);
    const flooded = await ask(clerk);
    expect(flooded.status).toBe(429);
    expect(Number(flooded.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await flooded.json()).toMatchObject({ error: 'tooManyRequests' });
    expect((await ask(naib)).status).toBe(404);
  });
});
