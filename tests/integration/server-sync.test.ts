import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_BYTES } from '@protocol/messages.ts';
import { deviceUuid, signIn, startTestServer } from './server-harness.ts';
import type { TestServer } from './server-harness.ts';
import { append, newFile, pullAll, sentEvent, stateOf, sync } from './server-sync-client.ts';
import { openTestStorage } from './test-engine.ts';

interface Device {
  readonly token: string;
  readonly deviceId: string;
}

describe('sync round trip', () => {
  let server: TestServer;
  const devices: Record<string, Device> = {};
  let deviceNo = 100;
  const as = async (username: string): Promise<Device> => {
    const existing = devices[username];
    if (existing !== undefined) return existing;
    const deviceId = deviceUuid(deviceNo++);
    const { body } = await signIn(server.url, username, deviceId);
    const d = { token: body.token, deviceId };
    devices[username] = d;
    return d;
  };

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('acks a new file, shows it to its office and the district, not to another office', async () => {
    const clerk = await as('clerk.vikasnagar');
    const file = newFile('clerk.vikasnagar', 'vikasnagar');
    const pushed = await sync(server.url, clerk.token, clerk.deviceId, 0, [
      { ref: 7, recordId: file.id, update: file.update },
    ]);
    expect(pushed.status).toBe(200);
    expect(pushed.response.acks).toEqual([7]);
    expect(pushed.response.refusals).toEqual([]);
    expect(pushed.response.serverTime).toBe(server.clock.now);

    const tehsildar = await as('tehsildar.vikasnagar');
    const pulled = await pullAll(server.url, tehsildar.token, tehsildar.deviceId);
    expect(stateOf(pulled.byRecord.get(file.id) ?? [])?.meta.subject).toBe(
      'भूमि सीमांकन / land demarcation',
    );
    expect(pulled.headSeq).toBe(pulled.cursor);

    const dm = await as('dm.dehradun');
    expect((await pullAll(server.url, dm.token, dm.deviceId)).byRecord.has(file.id)).toBe(true);
    const chakrata = await as('clerk.chakrata');
    const other = await pullAll(server.url, chakrata.token, chakrata.deviceId);
    expect(other.byRecord.size).toBe(0);
    expect(other.headSeq).toBe(0);
  });

  it('tells a device whose cursor is past the head the head, not its own cursor', async () => {
    // A server restored from a backup is behind its devices; the head it tells them is its own.
    const clerk = await as('clerk.vikasnagar');
    const file = newFile('clerk.vikasnagar', 'vikasnagar', 'नक्शा / map');
    const pushed = await sync(server.url, clerk.token, clerk.deviceId, 0, [
      { ref: 1, recordId: file.id, update: file.update },
    ]);
    const head = (await pullAll(server.url, clerk.token, clerk.deviceId)).headSeq;
    expect(head).toBeGreaterThan(0);
    const ahead = await sync(server.url, clerk.token, clerk.deviceId, 2 ** 40);
    expect(ahead.response.headSeq).toBe(head);
    expect(pushed.response.headSeq).toBe(head);
  });

  it('a retried push is acked again without storing anything twice', async () => {
    const clerk = await as('clerk.vikasnagar');
    const file = newFile('clerk.vikasnagar', 'vikasnagar', 'पेंशन / pension');
    const first = await sync(server.url, clerk.token, clerk.deviceId, 0, [
      { ref: 1, recordId: file.id, update: file.update },
    ]);
    const retry = await sync(server.url, clerk.token, clerk.deviceId, 0, [
      { ref: 2, recordId: file.id, update: file.update },
    ]);
    expect(retry.response.acks).toEqual([2]);
    expect(retry.response.headSeq).toBe(first.response.headSeq);
  });

  it('sending to another office gives its person the whole record, whatever their cursor', async () => {
    const clerk = await as('clerk.vikasnagar');
    const chakrata = await as('clerk.chakrata');
    const file = newFile('clerk.vikasnagar', 'vikasnagar', 'सीमा विवाद / boundary dispute');
    await sync(server.url, clerk.token, clerk.deviceId, 0, [
      { ref: 1, recordId: file.id, update: file.update },
    ]);
    const before = await pullAll(server.url, chakrata.token, chakrata.deviceId);
    const delta = append(file, [sentEvent('clerk.vikasnagar', 'clerk.chakrata', null)]);
    const sent = await sync(server.url, clerk.token, clerk.deviceId, 0, [
      { ref: 2, recordId: file.id, update: delta },
    ]);
    expect(sent.response.acks).toEqual([2]);
    const after = await pullAll(server.url, chakrata.token, chakrata.deviceId, before.cursor);
    const state = stateOf(after.byRecord.get(file.id) ?? []);
    expect(state?.holder).toBe('clerk.chakrata');
    expect(state?.meta.subject).toBe('सीमा विवाद / boundary dispute');
  });

  it('keeps the reporting projection with the same fold as the device', async () => {
    const storage = await openTestStorage(server.config.dataDir);
    const rows = await storage.summaries(null);
    await storage.close();
    const moved = rows.find((r) => r.subject === 'सीमा विवाद / boundary dispute');
    expect(moved).toMatchObject({
      holder: 'clerk.chakrata',
      office: 'vikasnagar',
      status: 'active',
      priority: 'urgent',
      dueDate: '2026-04-15',
    });
  });

  it('pages a long catch-up within PAGE_BYTES and resumes from the cursor', async () => {
    const naib = await as('naib.vikasnagar');
    // 120 files with 500-character Devanagari subjects (~1.5 KB each): more than one page.
    const long = 'न'.repeat(495);
    for (let batch = 0; batch < 6; batch++) {
      const updates = Array.from({ length: 20 }, (_, i) => {
        const f = newFile('naib.vikasnagar', 'vikasnagar', `${long}${batch}-${i}`);
        return { ref: i, recordId: f.id, update: f.update };
      });
      const r = await sync(server.url, naib.token, naib.deviceId, 0, updates);
      expect(r.response.acks).toHaveLength(20);
    }
    const reader = await as('kanungo.vikasnagar');
    let cursor = 0;
    let pages = 0;
    let seen = 0;
    for (;;) {
      const r = await sync(server.url, reader.token, reader.deviceId, cursor);
      expect(r.responseBytes).toBeLessThanOrEqual(PAGE_BYTES);
      seen += r.response.updates.length;
      cursor = r.response.cursor;
      pages++;
      if (!r.response.more) break;
    }
    expect(seen).toBeGreaterThanOrEqual(122);
    expect(cursor).toBe(
      (await sync(server.url, reader.token, reader.deviceId, cursor)).response.headSeq,
    );
    expect(pages).toBeGreaterThanOrEqual(2);
  });

  it('answers a reconnect with work of its own whose catch-up fits two pages in one exchange; a pull, or a longer one, in pages', async () => {
    const push = async (files: number, tag: string): Promise<void> => {
      const naib = await as('naib.vikasnagar');
      const long = 'न'.repeat(488);
      for (let batch = 0; batch * 20 < files; batch++) {
        const updates = Array.from({ length: 20 }, (_, i) => {
          const f = newFile('naib.vikasnagar', 'vikasnagar', `${long}${tag}${batch}-${i}`);
          return { ref: i, recordId: f.id, update: f.update };
        });
        const r = await sync(server.url, naib.token, naib.deviceId, 0, updates);
        expect(r.response.refusals).toEqual([]);
        expect(r.response.acks).toHaveLength(20);
      }
    };
    const ownWork = (tag: string) => {
      const f = newFile('tehsildar.vikasnagar', 'vikasnagar', `own ${tag}`);
      return [{ ref: 1, recordId: f.id, update: f.update }];
    };
    const reader = await as('tehsildar.vikasnagar');
    const other = await as('clerk.vikasnagar');
    await push(20, 'b');
    const { cursor: back } = await pullAll(server.url, reader.token, reader.deviceId);
    const { cursor: otherBack } = await pullAll(server.url, other.token, other.deviceId);
    expect(back).toBeGreaterThan(0);
    // ~1.6 KB each: 100 files are more than a page, less than two.
    await push(100, 'w');
    // Only pulling: a page, the bytes every device at this cursor gets (a storm shares them).
    const pulled = await sync(server.url, other.token, other.deviceId, otherBack);
    expect(pulled.response.more).toBe(true);
    expect(pulled.responseBytes).toBeLessThanOrEqual(PAGE_BYTES);
    // Back with work of its own: all of it in the one answer that acks the work.
    const week = await sync(server.url, reader.token, reader.deviceId, back, ownWork('w'));
    expect(week.response.acks).toEqual([1]);
    expect(week.response.more).toBe(false);
    expect(week.response.updates).toHaveLength(100);
    expect(week.responseBytes).toBeGreaterThan(PAGE_BYTES);
    expect(week.responseBytes).toBeLessThanOrEqual(2 * PAGE_BYTES);
    // More than two pages: a page at a time, as before, and nothing is lost between them.
    await push(200, 'm');
    let cursor = week.response.cursor;
    let pages = 0;
    let seen = 0;
    for (;;) {
      const updates = pages === 0 ? ownWork('m') : [];
      const r = await sync(server.url, reader.token, reader.deviceId, cursor, updates);
      expect(r.response.more ? r.responseBytes : 0).toBeLessThanOrEqual(PAGE_BYTES);
      if (pages === 0) expect(r.response.more).toBe(true);
      seen += r.response.updates.length;
      cursor = r.response.cursor;
      pages++;
      if (!r.response.more) break;
    }
    expect(seen).toBe(200);
    expect(pages).toBe(3);
  });

  it('a device with 1,000 records and nothing to exchange syncs in under 2 KB', async () => {
    const tyuni = await as('clerk.tyuni');
    // MAX_NEW_RECORDS_PER_REQUEST (100) new records per request.
    for (let batch = 0; batch < 10; batch++) {
      const updates = Array.from({ length: 100 }, (_, i) => {
        const f = newFile('clerk.tyuni', 'tyuni', `फ़ाइल ${batch * 100 + i}`);
        return { ref: i, recordId: f.id, update: f.update };
      });
      expect(
        (await sync(server.url, tyuni.token, tyuni.deviceId, 0, updates)).response.acks,
      ).toHaveLength(100);
    }
    // A second tablet of the office: the pushing one is never sent its own updates back.
    const tablet = deviceUuid(deviceNo++);
    const second = (await signIn(server.url, 'clerk.tyuni', tablet)).body.token;
    const caughtUp = await pullAll(server.url, second, tablet);
    expect(caughtUp.byRecord.size).toBe(1000);
    const idle = await sync(server.url, second, tablet, caughtUp.cursor);
    expect(idle.response.updates).toEqual([]);
    expect(idle.response.more).toBe(false);
    expect(idle.requestBytes + idle.responseBytes).toBeLessThan(2048);
    // A few dozen bytes, plus the signed head of the server's log (about 110, protocol 5).
    expect(idle.requestBytes + idle.responseBytes).toBeLessThan(200);
  });
});
