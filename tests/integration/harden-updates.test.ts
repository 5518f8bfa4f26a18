import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { RefusalReason } from '@protocol/messages.ts';
import {
  competingLetterInserts,
  gcOnlyUpdate,
  letterInsert,
  withTrailingBytes,
} from '../fixtures/attack-updates.ts';
import { deviceUuid, signIn, startTestServer } from './server-harness.ts';
import type { TestServer } from './server-harness.ts';
import { append, newFile, notingEvent, pullAll, sync } from './server-sync-client.ts';

/**
 * Issue 15, item 2 and part of 6, against a real server on a real SQLite file:
 * slow-to-apply and junk Yjs updates are refused by name before they are
 * stored, the rest of the request goes through, and nothing stored changes.
 */

interface Device {
  readonly token: string;
  readonly deviceId: string;
}

describe('slow and junk updates', () => {
  let server: TestServer;
  let clerk: Device;
  let dm: Device;
  const file = newFile('clerk.vikasnagar', 'vikasnagar');

  const login = async (username: string, n: number): Promise<Device> => {
    const deviceId = deviceUuid(n);
    return { token: (await signIn(server.url, username, deviceId)).body.token, deviceId };
  };

  /** Every stored row the district can pull, as hex. */
  const stored = async (): Promise<string> => {
    const all = await pullAll(server.url, dm.token, dm.deviceId);
    return JSON.stringify(
      [...all.byRecord].map(([id, us]) => [id, us.map((u) => Buffer.from(u).toString('hex'))]),
    );
  };

  beforeAll(async () => {
    server = await startTestServer();
    clerk = await login('clerk.vikasnagar', 1);
    dm = await login('dm.dehradun', 2);
    const r = await sync(server.url, clerk.token, clerk.deviceId, 0, [
      { ref: 1, recordId: file.id, update: file.update },
    ]);
    expect(r.response.acks).toEqual([1]);
  });
  afterAll(async () => {
    await server.stop();
  });

  /** Pushes `attack` beside an honest noting on the same tablet: only the attack is refused. */
  async function expectRefused(attack: Uint8Array, reason: RefusalReason): Promise<void> {
    const before = await stored();
    const other = newFile('clerk.vikasnagar', 'vikasnagar', 'साथ में / alongside');
    const r = await sync(server.url, clerk.token, clerk.deviceId, 0, [
      { ref: 7, recordId: file.id, update: attack },
      { ref: 8, recordId: other.id, update: other.update },
    ]);
    expect(r.response.refusals.map((x) => [x.ref, x.reason])).toEqual([[7, reason]]);
    expect(r.response.acks).toEqual([8]);
    const after = JSON.parse(await stored()) as [string, string[]][];
    expect(after.filter(([id]) => id !== other.id)).toEqual(JSON.parse(before));
  }

  it('refuses 6,000 competing one-character inserts into the letter', async () => {
    const attack = competingLetterInserts(file.update, 6_000);
    expect(attack.length).toBeGreaterThan(60_000);
    await expectRefused(attack, 'updateTooComplex');
  });

  it('refuses a short insert into the letter, which the app does not use yet', () =>
    expectRefused(letterInsert(file.update, 'सेवा में'), 'letterNotEnabled'));

  it('refuses a garbage-collected-only update', () =>
    expectRefused(gcOnlyUpdate(), 'updateMalformed'));

  it('refuses junk after a valid noting, then takes the noting alone', async () => {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, file.update);
    const noting = append({ id: file.id, doc: copy }, [notingEvent('clerk.vikasnagar', 'ठीक')]);
    await expectRefused(withTrailingBytes(noting, 2048), 'updateMalformed');
    const r = await sync(server.url, clerk.token, clerk.deviceId, 0, [
      { ref: 9, recordId: file.id, update: noting },
    ]);
    expect(r.response.acks).toEqual([9]);
  });
});
