import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Grade } from '@domain/events.ts';
import type { RecordId } from '@domain/ids.ts';
import { openSqliteStorage } from '../../sync-server/storage/sqlite.ts';
import type { ServerStorage } from '../../sync-server/storage/types.ts';
import { desk, gradeEvent, push, type Desk } from './confidential-client.ts';
import { addRelay, RELAY_DEVICE, relaySignIn } from './relay-client.ts';
import { startTestServer, type TestServer } from './server-harness.ts';
import { append, newFile, pullAll, sentEvent, sync } from './server-sync-client.ts';

/**
 * What an office relay pulls (decision 0010): whatever any of its office's people
 * may see (their office's records, records of other offices sent to one of them,
 * confidential ones whose access list names one of them) and nothing else.
 */

describe("an office relay's scope", () => {
  let server: TestServer;
  let storage: ServerStorage;
  let relayToken = '';
  let vkn: Desk;
  let ckt: Desk;
  const seen: RecordId[] = [];
  const unseen: RecordId[] = [];
  let numbers = 0;

  /** A file of `d`'s office, graded when it is made, optionally sent to `to`, pushed whole. */
  async function file(d: Desk, office: string, grade: Grade, to?: string) {
    const f = newFile(d.user, office, `फ़ाइल ${++numbers}`, `${office}/REV/2026/${numbers}`);
    append(f, [
      ...(grade === 'normal' ? [] : [gradeEvent(d.user, grade)]),
      ...(to === undefined ? [] : [sentEvent(d.user, to, null)]),
    ]);
    const res = await push(server, d, f, Y.encodeStateAsUpdate(f.doc));
    expect(res.refusals).toEqual([]);
    return f;
  }

  beforeAll(async () => {
    server = await startTestServer();
    storage = openSqliteStorage(server.config.dataDir);
    vkn = await desk(server, 'clerk.vikasnagar');
    ckt = await desk(server, 'clerk.chakrata');
    seen.push((await file(vkn, 'vikasnagar', 'normal')).id);
    seen.push((await file(vkn, 'vikasnagar', 'confidential')).id);
    seen.push((await file(ckt, 'chakrata', 'normal', 'tehsildar.vikasnagar')).id);
    seen.push((await file(ckt, 'chakrata', 'confidential', 'tehsildar.vikasnagar')).id);
    unseen.push((await file(ckt, 'chakrata', 'normal')).id);
    unseen.push((await file(ckt, 'chakrata', 'confidential', 'tehsildar.chakrata')).id);
    const signed = await relaySignIn(server.url, await addRelay(storage, 'VKN'));
    expect(signed.status).toBe(201);
    relayToken = signed.body.token;
  });
  afterAll(async () => {
    await storage.close();
    await server.stop();
  });

  it("pulls its office's records and those sent to its people, confidential ones on their lists", async () => {
    const all = await pullAll(server.url, relayToken, RELAY_DEVICE);
    expect([...all.byRecord.keys()].sort()).toEqual([...seen].sort());
    const chakrata = await pullAll(server.url, ckt.token, ckt.deviceId);
    for (const id of unseen) expect(chakrata.byRecord.has(id)).toBe(true);
  });

  it('is refused a record outside its scope, without its content', async () => {
    const outside = unseen[0] as RecordId;
    const res = await sync(server.url, relayToken, RELAY_DEVICE, 0, [
      { ref: 1, recordId: outside, update: new Uint8Array([0, 0]) },
    ]);
    expect(res.response.refusals.map((r) => [r.reason, r.serverState.length])).toEqual([
      ['outOfScope', 0],
    ]);
  });
});
