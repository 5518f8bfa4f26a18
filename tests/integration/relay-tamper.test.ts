import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendEvents } from '@doc/record-doc.ts';
import type { RecordEvent } from '@domain/events.ts';
import { openSqliteStorage } from '../../sync-server/storage/sqlite.ts';
import type { ServerStorage } from '../../sync-server/storage/types.ts';
import { testKey } from '../unit/doc/signing-keys.ts';
import { addRelay, RELAY_DEVICE, relaySignIn } from './relay-client.ts';
import { deviceUuid, startTestServer, type TestServer } from './server-harness.ts';
import { pullAll, stateOf, sync } from './server-sync-client.ts';
import { CLERK, noting, signedFile, signInWith, TABLET } from './signed-client.ts';

/**
 * A tampered office relay that drops or reorders what its tablet signed
 * (decision 0010, issue 18), pushing under its own session at a real district:
 * each event names in `prev` what its author's tablet had (the hash chain of
 * its record), so the district refuses an event whose predecessor the relay
 * dropped and events the relay put out of their chain's order, storing none of
 * them; the tablet's events pushed in their order afterwards are all taken.
 */

describe('a relay that drops or reorders its tablet’s events', () => {
  let server: TestServer;
  let storage: ServerStorage;
  let relayToken = '';
  let readerToken = '';
  const reader = deviceUuid(49);
  const clerkKey = testKey(CLERK, TABLET);
  const file = signedFile(clerkKey);
  /** The file as the district holds it: created, with the clerk's first noting. */
  let atDistrict: Uint8Array = new Uint8Array();
  /** The clerk's second and third notings, and the updates her tablet made of them. */
  let second: RecordEvent;
  let third: RecordEvent;
  let secondUpdate: Uint8Array = new Uint8Array();
  let thirdUpdate: Uint8Array = new Uint8Array();

  const push = async (...updates: Uint8Array[]) => {
    const pushed = updates.map((update, i) => ({ ref: i + 1, recordId: file.meta.id, update }));
    return (await sync(server.url, relayToken, RELAY_DEVICE, 0, pushed)).response;
  };
  const stored = async (): Promise<string[]> => {
    const all = await pullAll(server.url, readerToken, reader);
    return stateOf(all.byRecord.get(file.meta.id) ?? [])?.notes.map((n) => n.text) ?? [];
  };
  /** The events appended, in this order, to the district's copy: an update the relay made itself. */
  const rebuilt = (events: readonly RecordEvent[]): Uint8Array => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, atDistrict);
    const before = Y.encodeStateVector(doc);
    appendEvents(doc, events);
    return Y.encodeStateAsUpdate(doc, before);
  };

  beforeAll(async () => {
    server = await startTestServer();
    storage = openSqliteStorage(server.config.dataDir);
    const c = await signInWith(server.url, 'clerk.vikasnagar', TABLET, clerkKey);
    const r = await signInWith(server.url, 'dm.dehradun', reader, null);
    expect([c.status, r.status]).toEqual([201, 201]);
    readerToken = r.body.token;
    const signed = await relaySignIn(server.url, await addRelay(storage, 'VKN'));
    expect(signed.status).toBe(201);
    relayToken = signed.body.token;
    // The clerk's tablet signs three notings, each naming the one before as `prev`;
    // the relay forwards the file and the first.
    const first = clerkKey.signEvent(file.meta, file.events, noting(CLERK, TABLET, 'पहली'));
    const firstUpdate = file.append(first);
    expect((await push(file.update, firstUpdate)).acks).toEqual([1, 2]);
    atDistrict = file.state();
    second = clerkKey.signEvent(file.meta, file.events, noting(CLERK, TABLET, 'दूसरी'));
    secondUpdate = file.append(second);
    third = clerkKey.signEvent(file.meta, file.events, noting(CLERK, TABLET, 'तीसरी'));
    thirdUpdate = file.append(third);
  });
  afterAll(async () => {
    await storage.close();
    await server.stop();
  });

  it('refuses the third noting when the relay dropped the second: prevMissing', async () => {
    // Re-encoded onto the district's copy, so that its Yjs structure holds: the chain does not.
    const res = await push(rebuilt([third]));
    expect(res.acks).toEqual([]);
    expect(res.refusals.map((r) => [r.reason, r.detail])).toEqual([
      [
        'prevMissing',
        expect.stringMatching(`^event ${third.id}: prev \\S+ is not in this record$`),
      ],
    ]);
    expect(await stored()).toEqual(['पहली']);
  });

  it('refuses the third noting as the tablet made it, without the second: missingDependencies', async () => {
    const res = await push(thirdUpdate);
    expect(res.acks).toEqual([]);
    expect(res.refusals.map((r) => r.reason)).toEqual(['missingDependencies']);
    expect(await stored()).toEqual(['पहली']);
  });

  it('refuses the second and third notings put in the other order: chainBroken', async () => {
    const res = await push(rebuilt([third, second]));
    expect(res.acks).toEqual([]);
    expect(res.refusals.map((r) => [r.reason, r.detail])).toEqual([
      ['chainBroken', `event ${second.id} does not follow ${third.id} of its key`],
    ]);
    expect(await stored()).toEqual(['पहली']);
  });

  it('refuses, in one exchange, the third pushed before the second, and defers the second', async () => {
    const res = await push(rebuilt([third]), secondUpdate);
    // A record is refused once per response; its later updates wait for the next exchange.
    expect(res.acks).toEqual([]);
    expect(res.refusals.map((r) => [r.ref, r.reason])).toEqual([[1, 'prevMissing']]);
    expect(await stored()).toEqual(['पहली']);
  });

  it('takes the tablet’s notings pushed in their order afterwards, in that order', async () => {
    const res = await push(secondUpdate, thirdUpdate);
    expect(res.acks).toEqual([1, 2]);
    expect(res.refusals).toEqual([]);
    expect(await stored()).toEqual(['पहली', 'दूसरी', 'तीसरी']);
  });
});
