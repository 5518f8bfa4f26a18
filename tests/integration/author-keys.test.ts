import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { attestEvent, attestMeta } from '@doc/attest.ts';
import { createRecordDoc, metaMap, readMeta } from '@doc/record-doc.ts';
import type { RecordEvent } from '@domain/events.ts';
import { runAdmin } from '../../sync-server/admin-commands.ts';
import { openSqliteStorage } from '../../sync-server/storage/sqlite.ts';
import type { ServerStorage } from '../../sync-server/storage/types.ts';
import { deviceUuid, signIn, startTestServer } from './server-harness.ts';
import type { TestServer } from './server-harness.ts';
import { append, newFile, notingEvent, pullAll, stateOf, sync } from './server-sync-client.ts';
import type { TestRecord } from './server-sync-client.ts';

/**
 * Author keys on the server: issued per (person, device) at sign-in, dropped
 * by `admin revoke`, and the only way a change in one person's name is
 * accepted from another person's session.
 */

const key = (b64: string): Uint8Array => new Uint8Array(Buffer.from(b64, 'base64url'));

interface Session {
  readonly token: string;
  readonly deviceId: string;
  readonly authorKey: string;
}

describe('author keys', () => {
  let server: TestServer;
  let storage: ServerStorage;
  const TABLET = deviceUuid(1);
  const OTHER_TABLET = deviceUuid(2);

  const login = async (username: string, deviceId: string): Promise<Session> => {
    const r = await signIn(server.url, username, deviceId);
    expect(r.status).toBe(201);
    return { token: r.body.token, deviceId, authorKey: r.body.authorKey };
  };

  beforeAll(async () => {
    server = await startTestServer();
    storage = openSqliteStorage(server.config.dataDir);
  });
  afterAll(async () => {
    await storage.close();
    await server.stop();
  });

  it('are issued at sign-in, stable per (person, device), distinct otherwise', async () => {
    const first = await login('kanungo.vikasnagar', TABLET);
    const again = await login('kanungo.vikasnagar', TABLET);
    const elsewhere = await login('kanungo.vikasnagar', OTHER_TABLET);
    const someoneElse = await login('naib.vikasnagar', TABLET);
    expect(first.authorKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(key(first.authorKey)).toHaveLength(32);
    expect(again.authorKey).toBe(first.authorKey);
    expect(elsewhere.authorKey).not.toBe(first.authorKey);
    expect(someoneElse.authorKey).not.toBe(first.authorKey);
  });

  it('`admin revoke` drops them: the next sign-in gets a new key', async () => {
    const before = await login('sdm.vikasnagar', TABLET);
    const lines: string[] = [];
    const code = await runAdmin(['revoke', 'sdm.vikasnagar'], {
      storage,
      now: () => server.clock.now,
      randomBytes: (n) => new Uint8Array(n),
      scryptLogN: 10,
      out: (l) => lines.push(l),
      readSecret: async () => '',
    });
    expect(code).toBe(0);
    expect(lines.at(-1)).toMatch(/1 author key\(s\) of sdm\.vikasnagar/);
    expect((await storage.authorKeysOfDevice(TABLET as never)).has('sdm.vikasnagar' as never)).toBe(
      false,
    );
    const after = await login('sdm.vikasnagar', TABLET);
    expect(after.authorKey).not.toBe(before.authorKey);
  });

  describe("changes in the clerk's name pushed by the tehsildar on a shared tablet", () => {
    let clerkHere: Session;
    let clerkThere: Session;
    let tehsildar: Session;
    let dm: Session;
    let file: TestRecord & { update: Uint8Array };

    const everything = async (): Promise<string> => {
      const all = await pullAll(server.url, dm.token, dm.deviceId);
      return JSON.stringify(
        [...all.byRecord].map(([id, us]) => [id, us.map((u) => Buffer.from(u).toString('hex'))]),
      );
    };

    const pushAsTehsildar = async (recordId: TestRecord['id'], update: Uint8Array) =>
      (
        await sync(server.url, tehsildar.token, tehsildar.deviceId, 0, [
          { ref: 1, recordId, update },
        ])
      ).response;

    beforeAll(async () => {
      clerkHere = await login('clerk.vikasnagar', deviceUuid(10));
      clerkThere = await login('clerk.vikasnagar', deviceUuid(11));
      tehsildar = await login('tehsildar.vikasnagar', deviceUuid(10));
      dm = await login('dm.dehradun', deviceUuid(12));
      file = newFile('clerk.vikasnagar', 'vikasnagar');
      const r = await sync(server.url, clerkHere.token, clerkHere.deviceId, 0, [
        { ref: 1, recordId: file.id, update: file.update },
      ]);
      expect(r.response.acks).toEqual([1]);
    });

    const forgeries: [string, () => RecordEvent][] = [
      ['no attest', () => notingEvent('clerk.vikasnagar', 'बिना प्रमाण / unattested')],
      [
        'a wrong attest',
        () => ({ ...notingEvent('clerk.vikasnagar', 'जाली / forged'), attest: 'B'.repeat(43) }),
      ],
      [
        "the clerk's key from another device",
        () => attestEvent(notingEvent('clerk.vikasnagar', 'दूसरा टैबलेट'), key(clerkThere.authorKey)),
      ],
      [
        "the tehsildar's own key",
        () => attestEvent(notingEvent('clerk.vikasnagar', 'गलत कुंजी'), key(tehsildar.authorKey)),
      ],
    ];

    it.each(forgeries)(
      'refuses an event with %s (actorMismatch), storing nothing',
      async (_n, make) => {
        const before = await everything();
        const probe: TestRecord = { id: file.id, doc: replica(file.doc) };
        const res = await pushAsTehsildar(file.id, append(probe, [make()]));
        expect(res.acks).toEqual([]);
        expect(res.refusals.map((r) => r.reason)).toEqual(['actorMismatch']);
        expect(await everything()).toBe(before);
      },
    );

    it("refuses a new record whose meta is attested with the clerk's other-device key", async () => {
      const before = await everything();
      const fresh = newFile('clerk.vikasnagar', 'vikasnagar');
      const meta = readMeta(fresh.doc);
      if (!meta.ok) throw new Error(meta.error);
      const doc = createRecordDoc(attestMeta(meta.value, key(clerkThere.authorKey)));
      const res = await pushAsTehsildar(fresh.id, Y.encodeStateAsUpdate(doc));
      expect(res.refusals.map((r) => r.reason)).toEqual(['actorMismatch']);
      expect(await everything()).toBe(before);
    });

    it("accepts the clerk's change attested with the clerk's key for this tablet", async () => {
      const e = attestEvent(
        notingEvent('clerk.vikasnagar', 'प्रमाणित / attested'),
        key(clerkHere.authorKey),
      );
      const res = await pushAsTehsildar(file.id, append(file, [e]));
      expect(res.acks).toEqual([1]);
      expect(res.refusals).toEqual([]);
      const all = await pullAll(server.url, dm.token, dm.deviceId);
      const notes = stateOf(all.byRecord.get(file.id) ?? [])?.notes ?? [];
      expect(notes.map((n) => [n.author, n.text])).toEqual([
        ['clerk.vikasnagar', 'प्रमाणित / attested'],
      ]);
      expect(metaMap(file.doc).get('createdBy')).toBe('clerk.vikasnagar');
    });
  });
});

function replica(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}
