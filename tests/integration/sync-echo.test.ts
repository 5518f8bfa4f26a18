import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceUuid, signIn, startTestServer } from './server-harness.ts';
import type { TestServer } from './server-harness.ts';
import { append, newFile, notingEvent, pullAll, stateOf, sync } from './server-sync-client.ts';

/**
 * Echo removal: the server never sends a device the updates it pushed itself
 * (it holds them already), yet its cursor passes them, so it reaches the head
 * and stops; every other device still receives them.
 */

describe('a device is not sent its own pushes back', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('pushes N updates, syncs again: none of its own come back; others get them all', async () => {
    const clerkDevice = deviceUuid(201);
    const clerk = (await signIn(server.url, 'clerk.vikasnagar', clerkDevice)).body.token;
    const naibDevice = deviceUuid(202);
    const naib = (await signIn(server.url, 'naib.vikasnagar', naibDevice)).body.token;
    // Something in the log first, so the clerk's old cursor is past 0 (see the end).
    const earlier = newFile('naib.vikasnagar', 'vikasnagar', 'पहले की फ़ाइल');
    await sync(server.url, naib, naibDevice, 0, [
      { ref: 1, recordId: earlier.id, update: earlier.update },
    ]);
    const start = await pullAll(server.url, clerk, clerkDevice);
    expect(start.cursor).toBeGreaterThan(0);

    const files = Array.from({ length: 5 }, (_, i) =>
      newFile('clerk.vikasnagar', 'vikasnagar', `फ़ाइल ${i}`),
    );
    const notings = files.map((f, i) =>
      append(f, [notingEvent('clerk.vikasnagar', `टिप्पणी ${i}`)]),
    );
    const first = await sync(
      server.url,
      clerk,
      clerkDevice,
      start.cursor,
      files.map((f, i) => ({ ref: i, recordId: f.id, update: f.update })),
    );
    expect(first.response.acks).toHaveLength(5);
    // Someone else's change lands between the clerk's two pushes.
    const naibFile = newFile('naib.vikasnagar', 'vikasnagar', 'नायब की फ़ाइल');
    await sync(server.url, naib, naibDevice, 0, [
      { ref: 1, recordId: naibFile.id, update: naibFile.update },
    ]);
    const second = await sync(
      server.url,
      clerk,
      clerkDevice,
      first.response.cursor,
      files.map((f, i) => ({ ref: 10 + i, recordId: f.id, update: notings[i] ?? f.update })),
    );
    expect(second.response.acks).toHaveLength(5);
    const own = new Set(files.map((f) => f.id));
    for (const r of [first, second]) {
      expect(r.response.updates.filter((u) => own.has(u.recordId))).toEqual([]);
      expect(r.response.more).toBe(false);
      expect(r.response.cursor).toBe(r.response.headSeq);
    }
    expect(second.response.updates.map((u) => u.recordId)).toEqual([naibFile.id]);

    // The idle sync after the push: nothing to send, cursor stays at the head, done.
    const idle = await sync(server.url, clerk, clerkDevice, second.response.cursor);
    expect(idle.response).toMatchObject({ updates: [], more: false });
    expect(idle.response.cursor).toBe(idle.response.headSeq);
    expect(idle.response.cursor).toBe(second.response.cursor);
    // Even from its old cursor, the device is caught up in one page without its own rows.
    const again = await sync(server.url, clerk, clerkDevice, start.cursor);
    expect(again.response.updates.map((u) => u.recordId)).toEqual([naibFile.id]);
    expect(again.response).toMatchObject({ more: false, cursor: idle.response.headSeq });

    const reader = deviceUuid(203);
    const tehsildar = (await signIn(server.url, 'tehsildar.vikasnagar', reader)).body.token;
    const pulled = await pullAll(server.url, tehsildar, reader, start.cursor);
    for (const [i, f] of files.entries()) {
      const state = stateOf(pulled.byRecord.get(f.id) ?? []);
      expect(state?.meta.subject).toBe(`फ़ाइल ${i}`);
      expect(state?.notes.map((n) => n.text)).toEqual([`टिप्पणी ${i}`]);
    }
    // The same device signed in as someone else (a shared tablet) is not treated as the pusher.
    const shared = (await signIn(server.url, 'tehsildar.vikasnagar', clerkDevice)).body.token;
    const asColleague = await pullAll(server.url, shared, clerkDevice, start.cursor);
    expect(files.every((f) => asColleague.byRecord.has(f.id))).toBe(true);
    // From cursor 0 (a device pulling everything again, e.g. after the update that brought
    // log entries) nothing is left out: it needs the log entries of its own pushes too.
    const fromZero = await pullAll(server.url, clerk, clerkDevice, 0);
    expect(files.every((f) => fromZero.byRecord.has(f.id))).toBe(true);
  });
});
