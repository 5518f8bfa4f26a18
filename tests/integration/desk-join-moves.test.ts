import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Person } from '@domain/directory.ts';
import { asPersonId, asRecordId, type RecordId } from '@domain/ids.ts';
import type { RecordRow } from '@domain/projection.ts';
import { deskPage, restPage } from '../../sync-server/sync/desk-join.ts';
import type { ServerStorage } from '../../sync-server/storage/types.ts';
import { tempDir } from './server-harness.ts';
import { clerk, item, officeScope, row, VKN, writer } from './server-storage-fixtures.ts';
import { openTestStorage } from './test-engine.ts';

/**
 * A record whose place on the desk changes after the join's head H (decision 0012)
 * is not lost: the rest phase leaves out only desk records with no row past H,
 * neither theirs nor of the file that puts them on the desk. Here, after H, the
 * tehsildar's main file comes to the clerk (a row on it only) and brings its
 * attached file and the receipt filed in it onto the desk with rows only up to H;
 * and a file the desk phase sent leaves the clerk. Every row in scope reaches the
 * clerk by the end of the rest phase. Fails when a desk record's head leaves out
 * the file that puts it there (the attached file's row is then never sent).
 */

const person = (id: string): Person =>
  ({ id: asPersonId(id), office: VKN, role: 'clerk' }) as unknown as Person;
const id = (n: number) => asRecordId(`00000000-0000-4000-8000-00000000003${n}`);
const tehsildar = asPersonId('tehsildar.vikasnagar');

describe('records that move on or off the desk during a join', () => {
  let s: ServerStorage;
  let dir: { remove: () => Promise<void> };
  const [held, main, attached, receipt, other] = [1, 2, 3, 4, 5].map(id) as RecordId[] as [
    RecordId,
    RecordId,
    RecordId,
    RecordId,
    RecordId,
  ];
  const rowOf = (r: RecordId, extra: Partial<RecordRow> = {}) => ({
    summary: { ...row(r, 1), ...extra },
  });
  const w = writer();
  beforeEach(async () => {
    const d = await tempDir('patravali-desk-moves-');
    dir = d;
    s = await openTestStorage(d.path);
    await s.commit(
      [
        item(held, VKN, w('a', '1'), rowOf(held)),
        item(main, VKN, w('b', '2'), rowOf(main, { holder: tehsildar, attachedFiles: [attached] })),
        item(attached, VKN, w('c', '3'), rowOf(attached, { holder: tehsildar })),
        item(
          receipt,
          VKN,
          w('d', '4'),
          rowOf(receipt, {
            holder: tehsildar,
            kind: 'receipt',
            inFile: main,
          }),
        ),
        item(other, VKN, w('e', '5'), rowOf(other, { holder: tehsildar })),
      ],
      1,
    );
  });
  afterEach(async () => {
    await s.close();
    await dir.remove();
  });

  it('sends every row in scope once the rest phase is through', async () => {
    const scope = officeScope(VKN, clerk);
    const who = person(clerk);
    const desk = await deskPage(s, who, scope, { phase: 'desk', seq: 0, after: null }, 1e6);
    const sentDesk = new Set(desk.updates.map((u) => `${u.recordId}@${u.seq}`));
    expect([...new Set(desk.updates.map((u) => u.recordId))]).toEqual([held]);
    const H = desk.join.seq;
    // After H: the main file (with its attached file and receipt) comes to the clerk; held goes other.
    await s.commit(
      [item(main, VKN, w('f', '6'), rowOf(main, { holder: clerk, attachedFiles: [attached] }))],
      2,
    );
    await s.commit([item(held, VKN, w('g', '7'), rowOf(held, { holder: tehsildar }))], 3);
    const got = new Set(sentDesk);
    let cursor = 0;
    for (;;) {
      const rest = await restPage(s, who, scope, { phase: 'rest', seq: H }, { cursor, budget: 1 });
      for (const u of rest.page.updates) got.add(`${u.recordId}@${u.seq}`);
      cursor = rest.page.cursor;
      if (!rest.page.more) break;
    }
    const all = new Set(
      (await s.updatesSince(0, scope, 1e9)).updates.map((u) => `${u.recordId}@${u.seq}`),
    );
    expect([...all].filter((k) => !got.has(k))).toEqual([]);
  });
});
