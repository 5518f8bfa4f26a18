import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asPersonId } from '@domain/ids.ts';
import { changeRecipientGroup, officeGroupsQuery, saveRecipientGroup } from '@storage/services.ts';
import {
  createClock,
  createDevice,
  startServer,
  syncUntilClean,
  type OwnServer,
  type TestDevice,
} from './sync-harness.ts';
import { mulberry32 } from './sync-random.ts';

/**
 * Saved groups of recipients between tablets (decision 0014): the real device store
 * (fake-indexeddb) and engine against a real server. A group the clerk makes offline
 * syncs later, signed, to the kanungo's tablet (the same office) and never to another
 * tehsil's; the kanungo's rename and deletion reach the clerk's tablet.
 */
describe('saved groups between tablets', () => {
  const clock = createClock();
  const random = mulberry32(1414);
  let server: OwnServer;
  let clerk: TestDevice;
  let kanungo: TestDevice;
  let chakrata: TestDevice;

  const groupsOf = async (d: TestDevice) => {
    await syncUntilClean(d);
    return officeGroupsQuery(d.db, d.ctx.person.office);
  };

  beforeAll(async () => {
    server = await startServer(clock, random);
    clerk = await createDevice(server, 'clerk.vikasnagar', clock, random);
    kanungo = await createDevice(server, 'kanungo.vikasnagar', clock, random);
    chakrata = await createDevice(server, 'clerk.chakrata', clock, random);
  });
  afterAll(async () => {
    for (const d of [clerk, kanungo, chakrata]) d.db.close();
    await server.close();
  });

  it('reaches the office’s other tablet, and no other office’s', async () => {
    const made = await saveRecipientGroup(clerk.ctx, {
      name: 'राजस्व दल',
      members: [asPersonId('kanungo.vikasnagar'), asPersonId('naib.vikasnagar')],
    });
    if (!made.ok) throw new Error(made.error);
    // Made with no sync yet: it waits in the outbox, then goes at the next sync.
    expect(await clerk.db.outbox.where('recordId').equals(made.value).count()).toBe(1);
    await syncUntilClean(clerk);
    expect(await clerk.db.outbox.count()).toBe(0);
    expect(await clerk.db.quarantine.count()).toBe(0);
    expect(await groupsOf(kanungo)).toMatchObject([
      { id: made.value, name: 'राजस्व दल', members: ['kanungo.vikasnagar', 'naib.vikasnagar'] },
    ]);
    await syncUntilClean(chakrata);
    expect(await chakrata.db.groups.count()).toBe(0);
    expect(await chakrata.db.updates.where('recordId').equals(made.value).count()).toBe(0);
    // Not a file: no inbox or search row on either tablet.
    for (const d of [clerk, kanungo]) expect(await d.db.records.get(made.value)).toBeUndefined();
  });

  it('brings the kanungo’s rename and deletion back to the clerk', async () => {
    const [group] = await groupsOf(kanungo);
    if (group === undefined) throw new Error('no group on the kanungo’s tablet');
    const renamed = await changeRecipientGroup(kanungo.ctx, group.id, { name: 'Revenue team' });
    expect(renamed.ok).toBe(true);
    await syncUntilClean(kanungo);
    expect(await groupsOf(clerk)).toMatchObject([
      { name: 'Revenue team', changedBy: 'kanungo.vikasnagar' },
    ]);
    expect((await changeRecipientGroup(kanungo.ctx, group.id, { deleted: true })).ok).toBe(true);
    await syncUntilClean(kanungo);
    expect(await kanungo.db.quarantine.count()).toBe(0);
    expect(await groupsOf(clerk)).toEqual([]);
    expect((await clerk.db.groups.get(group.id))?.deleted).toBe(true);
  });
});
