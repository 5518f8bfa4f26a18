import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceUuid, signIn, startTestServer } from './server-harness.ts';
import type { TestServer } from './server-harness.ts';
import { newFile, pullAll, sync } from './server-sync-client.ts';

/**
 * Issue 15, item 6, against a real server: a record's number names one record
 * in its office. A tablet whose counter went back (restored from an old copy)
 * or a forged push must not make "VKN/REV/2026/3-17" name two files.
 */

describe('record numbers', () => {
  let server: TestServer;
  const clerkTablet = deviceUuid(1);
  const dmTablet = deviceUuid(6);
  const chakrataTablet = deviceUuid(7);
  let clerk: string;
  let dm: string;
  let chakrata: string;
  beforeAll(async () => {
    server = await startTestServer();
    clerk = (await signIn(server.url, 'clerk.vikasnagar', clerkTablet)).body.token;
    dm = (await signIn(server.url, 'dm.dehradun', dmTablet)).body.token;
    chakrata = (await signIn(server.url, 'clerk.chakrata', chakrataTablet)).body.token;
  });
  afterAll(async () => {
    await server.stop();
  });

  const file = (number: string, office = 'vikasnagar', actor = 'clerk.vikasnagar') =>
    newFile(actor, office, 'भूमि सीमांकन / land demarcation', number);
  const push = (f: ReturnType<typeof file>, ref: number) => ({
    ref,
    recordId: f.id,
    update: f.update,
  });

  it('refuses a new record whose number another record of the office has, storing nothing', async () => {
    const first = file('VKN/REV/2026/3-17');
    expect((await sync(server.url, clerk, clerkTablet, 0, [push(first, 1)])).response.acks).toEqual(
      [1],
    );
    // Sent again (the ack was lost): the same record, taken again.
    expect((await sync(server.url, clerk, clerkTablet, 0, [push(first, 2)])).response.acks).toEqual(
      [2],
    );

    const second = file('VKN/REV/2026/3-17');
    const { response } = await sync(server.url, clerk, clerkTablet, 0, [push(second, 3)]);
    expect(response.acks).toEqual([]);
    expect(response.refusals).toMatchObject([
      { ref: 3, recordId: second.id, reason: 'numberTaken' },
    ]);
    expect(response.refusals[0]?.detail).toContain('VKN/REV/2026/3-17');
    const seen = (await pullAll(server.url, dm, dmTablet)).byRecord;
    expect(seen.has(first.id)).toBe(true);
    expect(seen.has(second.id)).toBe(false);
  });

  it('refuses the second of two new records with one number in one request', async () => {
    const a = file('VKN/D/2026/3-5');
    const b = file('VKN/D/2026/3-5');
    const { response } = await sync(server.url, clerk, clerkTablet, 0, [push(a, 1), push(b, 2)]);
    expect(response.acks).toEqual([1]);
    expect(response.refusals).toMatchObject([{ ref: 2, recordId: b.id, reason: 'numberTaken' }]);
  });

  it('lets another office use the same number (numbers are per office)', async () => {
    const theirs = file('VKN/REV/2026/3-17', 'chakrata', 'clerk.chakrata');
    const { response } = await sync(server.url, chakrata, chakrataTablet, 0, [push(theirs, 1)]);
    expect(response.acks).toEqual([1]);
  });
});
