import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { attestEvent, attestMeta } from '@doc/attest.ts';
import { attestedByServer } from '@doc/check-pulled.ts';
import { createRecordDoc, loadRecordDoc, readEvents, readMeta } from '@doc/record-doc.ts';
import { asDeviceId, asPersonId } from '@domain/ids.ts';
import { runAdmin } from '../../sync-server/admin-commands.ts';
import type { ServerStorage } from '../../sync-server/storage/types.ts';
import { deviceUuid, signIn, startTestServer } from './server-harness.ts';
import type { TestServer } from './server-harness.ts';
import { append, newFile, notingEvent, pullAll, stateOf, sync } from './server-sync-client.ts';
import type { TestRecord } from './server-sync-client.ts';
import { openTestStorage } from './test-engine.ts';

/**
 * HMAC author keys are retired (issue 14): the server issues none at sign-in and
 * no attestation vouches for a new change pushed by someone else than its author
 * (that takes the author's device signature). What was stored under an
 * attestation before stays, and devices show it as "attested by the server".
 */

interface Session {
  readonly token: string;
  readonly deviceId: string;
}

const CLERK = asPersonId('clerk.vikasnagar');
const TABLET = deviceUuid(10);

describe('HMAC author keys, retired', () => {
  let server: TestServer;
  let storage: ServerStorage;
  let clerk: Session;
  let tehsildar: Session;
  let dm: Session;
  /** The clerk's author key for the tablet, as an older server issued it. */
  const oldKey = new Uint8Array(32).fill(7);

  const login = async (username: string, deviceId: string) => {
    const r = await signIn(server.url, username, deviceId);
    expect(r.status).toBe(201);
    return r.body;
  };
  const pushAs = async (s: Session, recordId: TestRecord['id'], update: Uint8Array) =>
    (await sync(server.url, s.token, s.deviceId, 0, [{ ref: 1, recordId, update }])).response;
  const everything = async (): Promise<string> => {
    const all = await pullAll(server.url, dm.token, dm.deviceId);
    return JSON.stringify(
      [...all.byRecord].map(([id, us]) => [id, us.map((u) => Buffer.from(u).toString('hex'))]),
    );
  };

  beforeAll(async () => {
    server = await startTestServer();
    storage = await openTestStorage(server.config.dataDir);
    // The table as an older server left it: the clerk's key for the shared tablet.
    expect(await storage.ensureAuthorKey(CLERK, asDeviceId(TABLET), oldKey, 1)).toEqual(oldKey);
    const c = await login('clerk.vikasnagar', TABLET);
    const t = await login('tehsildar.vikasnagar', TABLET);
    const d = await login('dm.dehradun', deviceUuid(12));
    clerk = { token: c.token, deviceId: TABLET };
    tehsildar = { token: t.token, deviceId: TABLET };
    dm = { token: d.token, deviceId: deviceUuid(12) };
  });
  afterAll(async () => {
    await storage.close();
    await server.stop();
  });

  it('are no longer issued at sign-in', async () => {
    expect((await login('kanungo.vikasnagar', TABLET)).authorKey).toBeUndefined();
    expect((await storage.authorKeysOfDevice(asDeviceId(TABLET))).size).toBe(1);
  });

  it("no longer vouch for the clerk's change pushed by the tehsildar: actorMismatch, nothing stored", async () => {
    const file = newFile('clerk.vikasnagar', 'vikasnagar');
    expect((await pushAs(clerk, file.id, file.update)).acks).toEqual([1]);
    const before = await everything();
    const attested = attestEvent(notingEvent('clerk.vikasnagar', 'प्रमाणित / attested'), oldKey);
    const res = await pushAs(tehsildar, file.id, append(file, [attested]));
    expect(res.acks).toEqual([]);
    expect(res.refusals.map((r) => r.reason)).toEqual(['actorMismatch']);
    expect(await everything()).toBe(before);
    // Nor a new record whose meta is attested.
    const fresh = newFile('clerk.vikasnagar', 'vikasnagar');
    const meta = readMeta(fresh.doc);
    if (!meta.ok) throw new Error(meta.error);
    const doc = createRecordDoc(attestMeta(meta.value, oldKey));
    const refused = await pushAs(tehsildar, fresh.id, Y.encodeStateAsUpdate(doc));
    expect(refused.refusals.map((r) => r.reason)).toEqual(['actorMismatch']);
    expect(await everything()).toBe(before);
  });

  it('leave what was stored under them valid, shown as attested by the server', async () => {
    // An older build's attested noting, pushed by its author (as it was accepted then).
    const file = newFile('clerk.vikasnagar', 'vikasnagar');
    const noting = attestEvent(notingEvent('clerk.vikasnagar', 'पुरानी टिप्पणी'), oldKey);
    expect((await pushAs(clerk, file.id, file.update)).acks).toEqual([1]);
    expect((await pushAs(clerk, file.id, append(file, [noting]))).acks).toEqual([1]);
    const pulled = (await pullAll(server.url, dm.token, dm.deviceId)).byRecord.get(file.id) ?? [];
    expect(stateOf(pulled)?.notes.map((n) => [n.author, n.text])).toEqual([
      [CLERK, 'पुरानी टिप्पणी'],
    ]);
    const held = loadRecordDoc(pulled);
    const meta = readMeta(held);
    if (!meta.ok) throw new Error(meta.error);
    expect(attestedByServer({ meta: meta.value, events: readEvents(held) })).toEqual([
      'meta',
      noting.id,
    ]);
  });

  it('`admin revoke` still deletes the person’s old keys', async () => {
    const lines: string[] = [];
    const code = await runAdmin(['revoke', 'clerk.vikasnagar'], {
      storage,
      now: () => server.clock.now,
      randomBytes: (n) => new Uint8Array(n),
      scryptLogN: 10,
      out: (l) => lines.push(l),
      readSecret: async () => '',
    });
    expect(code).toBe(0);
    expect(lines.at(-1)).toMatch(/1 author key\(s\) of clerk\.vikasnagar/);
    expect((await storage.authorKeysOfDevice(asDeviceId(TABLET))).has(CLERK)).toBe(false);
  });
});
