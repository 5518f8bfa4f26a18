import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { LIMITS } from '@domain/events.ts';
import { MAX_NEW_RECORDS_PER_REQUEST } from '@protocol/messages.ts';
import { deviceUuid, signIn, startTestServer } from './server-harness.ts';
import type { TestServer } from './server-harness.ts';
import { append, newFile, notingEvent, pullAll, sync } from './server-sync-client.ts';

/** Issue 15, item 5, against a real server: noting length and new records per request. */

describe('per-request limits', () => {
  let server: TestServer;
  let token: string;
  let dm: string;
  const device = deviceUuid(1);
  beforeAll(async () => {
    server = await startTestServer();
    token = (await signIn(server.url, 'clerk.vikasnagar', device)).body.token;
    dm = (await signIn(server.url, 'dm.dehradun', deviceUuid(2))).body.token;
  });
  afterAll(async () => {
    await server.stop();
  });

  const storedIds = async () => [...(await pullAll(server.url, dm, deviceUuid(2))).byRecord.keys()];

  it('refuses a new noting over 6,000 characters by name, storing nothing', async () => {
    const file = newFile('clerk.vikasnagar', 'vikasnagar');
    expect(
      (
        await sync(server.url, token, device, 0, [
          { ref: 1, recordId: file.id, update: file.update },
        ])
      ).response.acks,
    ).toEqual([1]);
    const before = await pullAll(server.url, dm, deviceUuid(2));
    const long = append(file, [
      notingEvent('clerk.vikasnagar', 'क'.repeat(LIMITS.newNotingChars + 1)),
    ]);
    const r = await sync(server.url, token, device, 0, [
      { ref: 2, recordId: file.id, update: long },
    ]);
    expect(r.response.refusals.map((x) => x.reason)).toEqual(['notingTooLong']);
    const after = await pullAll(server.url, dm, deviceUuid(2));
    expect(after.byRecord.get(file.id)).toEqual(before.byRecord.get(file.id));
    // A long office noting, at the limit, goes through.
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.mergeUpdates(before.byRecord.get(file.id) ?? []));
    const atLimit = append({ id: file.id, doc: copy }, [
      notingEvent('clerk.vikasnagar', 'क'.repeat(LIMITS.newNotingChars)),
    ]);
    const ok = await sync(server.url, token, device, 0, [
      { ref: 3, recordId: file.id, update: atLimit },
    ]);
    expect(ok.response.acks).toEqual([3]);
  });

  it('takes 100 new records from one request and leaves the rest for the next', async () => {
    const before = await storedIds();
    const files = Array.from({ length: 150 }, (_, i) =>
      newFile('clerk.vikasnagar', 'vikasnagar', `फ़ाइल ${i}`),
    );
    const pushed = files.map((f, i) => ({ ref: 100 + i, recordId: f.id, update: f.update }));
    const first = await sync(server.url, token, device, 0, pushed);
    expect(first.response.acks).toHaveLength(MAX_NEW_RECORDS_PER_REQUEST);
    expect(first.response.refusals).toEqual([]);
    expect((await storedIds()).length).toBe(before.length + MAX_NEW_RECORDS_PER_REQUEST);
    const acked = new Set(first.response.acks);
    const second = await sync(
      server.url,
      token,
      device,
      0,
      pushed.filter((p) => !acked.has(p.ref)),
    );
    expect(second.response.acks).toHaveLength(50);
    expect((await storedIds()).length).toBe(before.length + 150);
  });
});
