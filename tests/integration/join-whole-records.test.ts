import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Person } from '@domain/directory.ts';
import { asPersonId, asRecordId, type RecordId } from '@domain/ids.ts';
import { restPage } from '../../sync-server/sync/desk-join.ts';
import type { ServerStorage, StoredUpdate } from '../../sync-server/storage/types.ts';
import { UPDATE_OVERHEAD_BYTES } from '../../sync-server/storage/sqlite-rows.ts';
import { ENTRY_BYTES } from '../../sync-server/storage/whole-records.ts';
import { tempDir } from './server-harness.ts';
import { clerk, item, officeScope, row, VKN, writer } from './server-storage-fixtures.ts';
import { openTestStorage } from './test-engine.ts';

/**
 * A join's rest phase sends each record whole at its first row (decision 0019):
 * records whose turns are spread over the log (as an office's are, one person's
 * turn at a time) come one record at a time, its rows up to the join's head
 * merged into one update with all their log entries, each row once, the pages
 * cut by whole records' bytes, a page asked for again the same, and the join's
 * progress counts only records still to come. Rows past the join's head come by
 * cursor. Runs on SQLite and, in the postgres project, on PostgreSQL.
 */

const who = { id: clerk, office: VKN, role: 'clerk' } as unknown as Person;
const id = (n: number) => asRecordId(`00000000-0000-4000-8000-00000000007${n}`);
const tag = (u: StoredUpdate) => `${u.recordId}@${u.seq}`;

describe("a join's rest phase sends records whole", () => {
  let s: ServerStorage;
  let dir: { remove: () => Promise<void> };
  const [a, b, c] = [1, 2, 3].map(id) as [RecordId, RecordId, RecordId];
  const writers = new Map([a, b, c].map((r) => [r, writer()] as const));
  const turn = (r: RecordId, n: number) =>
    item(r, VKN, (writers.get(r) as ReturnType<typeof writer>)(`k${n}`, 'x'.repeat(200)), {
      // Held by the tehsildar: not the clerk's desk, which the desk phase sends.
      summary: { ...row(r, 1), holder: asPersonId('tehsildar.vikasnagar') },
      entries: [{ eventId: `${r}/e${n}`, hash: `h${n}`, receivedAt: n, notBefore: n }],
    });
  let H = 0;
  beforeEach(async () => {
    const d = await tempDir('patravali-join-whole-');
    dir = d;
    s = await openTestStorage(d.path);
    // Three rounds of turns, as an office's log has them: a1 b1 c1 a2 b2 c2 a3 b3.
    await s.commit([turn(a, 1), turn(b, 1), turn(c, 1)], 1);
    await s.commit([turn(a, 2), turn(b, 2), turn(c, 2)], 2);
    await s.commit([turn(a, 3), turn(b, 3)], 3);
    H = await s.headSeq(officeScope(VKN, clerk));
    // After the join's head: one more turn of a.
    await s.commit([turn(a, 4)], 4);
  });
  afterEach(async () => {
    await s.close();
    await dir.remove();
  });

  const scope = () => officeScope(VKN, clerk);
  const rest = (cursor: number, budget: number, wholeFrom = 0) =>
    restPage(s, who, scope(), { phase: 'rest', seq: H, wholeFrom }, { cursor, budget });

  /** What a record's updates hold, as the device would have it. */
  const contentOf = (updates: readonly Uint8Array[]) => {
    const doc = new Y.Doc();
    for (const u of updates) Y.applyUpdate(doc, u);
    return doc.getMap('meta').toJSON();
  };

  it('one update per record with all its rows and entries up to the head, then the rows past it by cursor', async () => {
    const all = (await s.updatesSince(0, scope(), 1e9)).updates;
    const rowsOf = (r: RecordId) => all.filter((u) => u.recordId === r && u.seq <= H);
    const pastHead = all.filter((u) => u.seq > H);
    expect(pastHead).toHaveLength(1);
    const first = await rest(0, 1e9);
    const sent = first.page.updates;
    // The row past the head comes after them, by cursor, as for any device.
    expect(sent.map((u) => u.recordId)).toEqual([a, b, c, a]);
    expect(sent[3]?.seq).toBe(pastHead[0]?.seq);
    for (const [i, r] of [a, b, c].entries()) {
      const whole = sent[i] as StoredUpdate;
      const rows = rowsOf(r);
      expect(rows.length).toBeGreaterThan(1);
      expect(whole.seq).toBe(rows[rows.length - 1]?.seq);
      expect(contentOf([whole.update])).toEqual(contentOf(rows.map((u) => u.update)));
      expect(whole.entries?.map((e) => e.eventId)).toEqual(
        rows.flatMap((u) => u.entries ?? []).map((e) => e.eventId),
      );
    }
    expect(first.page.more).toBe(false);
    expect(first.join.recordsLeft).toBe(0);
  });

  it("pages are cut by whole records' bytes, asked again are the same, and the progress counts what is to come", async () => {
    const all = (await s.updatesSince(0, scope(), 1e9)).updates;
    const cost = (r: RecordId) =>
      all
        .filter((u) => u.recordId === r && u.seq <= H)
        .reduce((n, u) => n + u.update.byteLength + UPDATE_OVERHEAD_BYTES, 0);
    // Room for one whole record, not two.
    const budget = cost(a) + 10;
    const pages: RecordId[][] = [];
    const sent: string[] = [];
    const left: number[] = [];
    let cursor = 0;
    for (;;) {
      const page = await rest(cursor, budget);
      expect((await rest(cursor, budget)).page.updates.map(tag)).toEqual(
        page.page.updates.map(tag),
      );
      pages.push(page.page.updates.map((u) => u.recordId));
      sent.push(...page.page.updates.flatMap((u) => u.entries ?? []).map((e) => e.eventId));
      left.push(page.join.recordsLeft);
      cursor = page.page.cursor;
      if (!page.page.more) break;
    }
    // The last page has room for a's turn past the head too.
    expect(pages).toEqual([[a], [b], [c, a]]);
    expect(left).toEqual([2, 1, 0]);
    // Every row's entries once, so every row once.
    const entries = all.flatMap((u) => u.entries ?? []).map((e) => e.eventId);
    expect(entries).toHaveLength(9);
    expect(sent.toSorted()).toEqual(entries.toSorted());
    expect(cursor).toBe(Math.max(...all.map((u) => u.seq)));
  });

  it('counts a whole record as one update with an entry a row', async () => {
    const all = (await s.updatesSince(0, scope(), 1e9)).updates;
    const merged = (r: RecordId) => {
      const rows = all.filter((u) => u.recordId === r && u.seq <= H);
      const bytes = rows.reduce((n, u) => n + u.update.byteLength, 0);
      return bytes + rows.length * ENTRY_BYTES + UPDATE_OVERHEAD_BYTES - ENTRY_BYTES;
    };
    // Room for a and b merged; counted row by row (each its own update) they would not fit.
    const page = await rest(0, merged(a) + merged(b));
    expect(page.page.updates.map((u) => u.recordId)).toEqual([a, b]);
  });

  it('a join an older build began goes on by cursor for the records it met', async () => {
    const all = (await s.updatesSince(0, scope(), 1e9)).updates;
    // The older build took a's and b's first rows one by one (rows up to b1).
    const b1 = all.find((u) => u.recordId === b)?.seq as number;
    const got = all.filter((u) => u.seq <= b1).flatMap((u) => u.entries ?? []);
    let cursor = b1;
    for (;;) {
      const page = await rest(cursor, 1, b1);
      got.push(...page.page.updates.flatMap((u) => u.entries ?? []));
      cursor = page.page.cursor;
      if (!page.page.more) break;
    }
    const entries = all.flatMap((u) => u.entries ?? []).map((e) => e.eventId);
    expect(got.map((e) => e.eventId).toSorted()).toEqual(entries.toSorted());
    // c, first seen past where whole paging began, came whole: its two rows as one update.
    const c1 = all.find((u) => u.recordId === c)?.seq as number;
    const whole = await rest(c1 - 1, 1, b1);
    expect(whole.page.updates.map((u) => u.entries?.length)).toEqual([2]);
  });

  it("a record whose first row is the puller's own still brings everyone's rows", async () => {
    const d = id(4);
    const device = 'dddddddd-0000-4000-8000-000000000009';
    writers.set(d, writer());
    await s.commit([{ ...turn(d, 1), deviceId: device as never }], 5);
    await s.commit([turn(d, 2)], 6);
    const headNow = await s.headSeq(scope());
    const rows = (await s.updatesSince(0, scope(), 1e9)).updates.filter((u) => u.recordId === d);
    expect(rows).toHaveLength(2);
    const page = await restPage(
      s,
      who,
      scope(),
      { phase: 'rest', seq: headNow, wholeFrom: 0 },
      {
        cursor: (rows[0]?.seq as number) - 1,
        budget: 1e9,
        puller: { deviceId: device as never, person: clerk },
      },
    );
    const sent = page.page.updates.filter((u) => u.recordId === d);
    expect(sent.flatMap((u) => u.entries ?? []).map((e) => e.eventId)).toEqual([
      `${d}/e1`,
      `${d}/e2`,
    ]);
  });
});
