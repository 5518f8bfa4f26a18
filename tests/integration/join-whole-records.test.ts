import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Person } from '@domain/directory.ts';
import { asPersonId, asRecordId, type RecordId } from '@domain/ids.ts';
import { restPage } from '../../sync-server/sync/desk-join.ts';
import type { ServerStorage, StoredUpdate } from '../../sync-server/storage/types.ts';
import { UPDATE_OVERHEAD_BYTES } from '../../sync-server/storage/sqlite-rows.ts';
import { tempDir } from './server-harness.ts';
import { clerk, item, officeScope, row, VKN, writer } from './server-storage-fixtures.ts';
import { openTestStorage } from './test-engine.ts';

/**
 * A join's rest phase sends each record whole at its first row (decision 0019):
 * records whose turns are spread over the log (as an office's are, one person's
 * turn at a time) come one record at a time, each row once, the pages cut by
 * whole records' bytes, a page asked for again the same, and the join's
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
  const rest = (cursor: number, budget: number) =>
    restPage(s, who, scope(), { phase: 'rest', seq: H }, { cursor, budget });

  it('one record at a time, each row once, then the rows past the head by cursor', async () => {
    const all = (await s.updatesSince(0, scope(), 1e9)).updates;
    const rows = (r: RecordId) => all.filter((u) => u.recordId === r && u.seq <= H).map(tag);
    const pastHead = all.filter((u) => u.seq > H).map(tag);
    expect(pastHead).toHaveLength(1);
    const first = await rest(0, 1e9);
    // The row past the head comes after them, by cursor, as for any device.
    expect(first.page.updates.map(tag)).toEqual([...rows(a), ...rows(b), ...rows(c), ...pastHead]);
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
      pages.push([...new Set(page.page.updates.map((u) => u.recordId))]);
      sent.push(...page.page.updates.map(tag));
      left.push(page.join.recordsLeft);
      cursor = page.page.cursor;
      if (!page.page.more) break;
    }
    // The last page has room for a's turn past the head too.
    expect(pages).toEqual([[a], [b], [c, a]]);
    expect(left).toEqual([2, 1, 0]);
    expect(sent.toSorted()).toEqual(all.map(tag).toSorted());
    expect(cursor).toBe(Math.max(...all.map((u) => u.seq)));
  });
});
