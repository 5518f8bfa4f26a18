import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Person } from '@domain/directory.ts';
import { asPersonId, asRecordId, type RecordId } from '@domain/ids.ts';
import type { RecordRow } from '@domain/projection.ts';
import { deskPage, restPage } from '../../sync-server/sync/desk-join.ts';
import type { ServerStorage } from '../../sync-server/storage/types.ts';
import { tempDir } from './server-harness.ts';
import { clerk, CKT, item, officeScope, row, VKN, writer } from './server-storage-fixtures.ts';
import { openTestStorage } from './test-engine.ts';

/**
 * The desk phase of a join (decision 0012) keeps to the device's scope, as paging
 * does: a restricted record on the person's desk by way of a file they hold (a
 * secret receipt filed in it) reaches them only when they are on its access list,
 * and the rest phase leaves out exactly what the desk phase sent.
 */

const person = (id: string, office = VKN): Person =>
  ({ id: asPersonId(id), office, role: 'clerk' }) as unknown as Person;
const id = (n: number) => asRecordId(`00000000-0000-4000-8000-00000000002${n}`);
const tehsildar = asPersonId('tehsildar.vikasnagar');

describe('the desk phase keeps to the scope', () => {
  let s: ServerStorage;
  let dir: { remove: () => Promise<void> };
  const [file, secret, granted, foreign, elsewhere] = [1, 2, 3, 4, 5].map(id) as RecordId[] as [
    RecordId,
    RecordId,
    RecordId,
    RecordId,
    RecordId,
  ];
  const rowOf = (r: RecordId, extra: Partial<RecordRow> = {}) => ({
    summary: { ...row(r, 1), ...extra },
  });

  beforeEach(async () => {
    const d = await tempDir('patravali-desk-');
    dir = d;
    s = await openTestStorage(d.path);
    await s.commit(
      [
        item(file, VKN, writer()('a', '1'), rowOf(file)),
        // A secret receipt filed in the clerk's file, on the tehsildar's list only.
        item(secret, VKN, writer()('b', '2'), {
          ...rowOf(secret, { holder: tehsildar, inFile: file, grade: 'secret' }),
          access: [tehsildar],
        }),
        // Another office's file sent to the clerk: on their list, so in their scope.
        item(foreign, CKT, writer()('c', '3'), {
          ...rowOf(foreign, { office: CKT }),
          access: [clerk],
        }),
        // Another office's file the clerk "holds" without being on its list: out of scope.
        item(elsewhere, CKT, writer()('d', '4'), rowOf(elsewhere, { office: CKT })),
        item(granted, VKN, writer()('e', '5'), rowOf(granted, { holder: tehsildar })),
      ],
      1,
    );
  });
  afterEach(async () => {
    await s.close();
    await dir.remove();
  });

  const deskIds = async (who: Person) => {
    const page = await deskPage(
      s,
      who,
      officeScope(who.office, who.id),
      { phase: 'desk', seq: 0, after: null },
      1e6,
    );
    return [...new Set(page.updates.map((u) => u.recordId))];
  };

  it('sends no restricted record off its access list, and nothing out of scope', async () => {
    // The storage's desk names all of them; the scope keeps two.
    expect((await s.deskRecords(clerk)).map((d) => d.recordId)).toEqual([
      file,
      secret,
      foreign,
      elsewhere,
    ]);
    expect(await deskIds(person(clerk))).toEqual([file, foreign]);
  });

  it('sends the restricted receipt once the holder of the file is on its list', async () => {
    await s.commit([item(secret, VKN, writer()('f', '6'), { access: [clerk] })], 2);
    expect(await deskIds(person(clerk))).toEqual([file, secret, foreign]);
  });

  it('pages the desk in record order and the rest leaves out only what it sent', async () => {
    const scope = officeScope(VKN, clerk);
    const first = await deskPage(
      s,
      person(clerk),
      scope,
      { phase: 'desk', seq: 0, after: null },
      1,
    );
    // One row per page at a one-byte budget; the head is fixed by the first page.
    expect(first.updates.map((u) => u.recordId)).toEqual([file]);
    const seq = first.join.seq;
    expect(seq).toBe(await s.headSeq(scope));
    const second = await deskPage(
      s,
      person(clerk),
      scope,
      { phase: 'desk', seq, after: first.join.next },
      1,
    );
    // The last desk row: the desk is complete.
    expect(second.updates.map((u) => u.recordId)).toEqual([foreign]);
    expect(second.join.next).toBeNull();
    const rest = await restPage(
      s,
      person(clerk),
      scope,
      { phase: 'rest', seq },
      {
        cursor: 0,
        budget: 1e6,
      },
    );
    expect(rest.page.updates.map((u) => u.recordId)).toEqual([granted]);
    expect(rest.join).toMatchObject({ phase: 'rest', seq, recordsLeft: 0, bytesLeft: 0 });
  });
});
