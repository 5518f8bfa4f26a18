// Saved groups of recipients made in the app (issue 17, decision 0014) against a real
// server: a group the clerk makes reaches the kanungo's tablet (the same office) and not
// another office's; the kanungo renames it and the clerk's next sync brings the new name.
// Whoever is not a person of the group's office is refused as groupForbidden (a DM, whose
// scope brings them the group) or never reaches it (another tehsil's clerk: outOfScope);
// a new group without members, with an unknown member, a change to a deleted group, a
// group's event on a file and a file's event on a group are groupInvalid; another
// person's change without their signature is actorMismatch; a group of another office
// is outOfScope. Nothing of a refused update is stored. A group has no projection row:
// the server's search and pendency never list it.
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordDoc, loadRecordDoc, readGroup } from '@doc/record-doc.ts';
import type { RecordEvent } from '@domain/events.ts';
import { GROUP_META } from '@domain/groups.ts';
import { formatHlc } from '@domain/hlc.ts';
import { asOfficeId, asPersonId, asRecordId, type RecordId } from '@domain/ids.ts';
import { startTestServer, type TestServer } from './server-harness.ts';
import { append, newFile, type TestRecord } from './server-sync-client.ts';
import { base, desk, getJson, pullNew, push, type Desk } from './confidential-client.ts';

const CLERK = 'clerk.vikasnagar';
const KANUNGO = 'kanungo.vikasnagar';
const NAIB = 'naib.vikasnagar';
const T = Date.UTC(2026, 3, 1, 9, 30);
let made = 0;

const named = (actor: string, name: string) =>
  ({ ...base(actor), type: 'groupNamed', name }) as RecordEvent;
const membersSet = (actor: string, members: readonly string[]) =>
  ({ ...base(actor), type: 'groupMembersSet', members }) as RecordEvent;
const deleted = (actor: string) => ({ ...base(actor), type: 'groupDeleted' }) as RecordEvent;

/** A new group record of `office` by `actor`, with `events` in the update that creates it. */
function newGroup(
  actor: string,
  office: string,
  events: readonly RecordEvent[],
): TestRecord & { update: Uint8Array } {
  made++;
  const id = asRecordId(`00000000-0000-4000-9a00-${made.toString(16).padStart(12, '0')}`);
  const doc = createRecordDoc(
    {
      schemaVersion: 1,
      kind: 'group',
      id,
      ...GROUP_META,
      office: asOfficeId(office),
      createdBy: asPersonId(actor),
      createdAt: formatHlc({ wallMs: T + made, counter: 0, node: actor }),
      createdDeviceTime: T + made,
      clockVerified: true,
    },
    events,
  );
  return { id, doc, update: Y.encodeStateAsUpdate(doc) };
}

describe('saved groups of recipients at the server', () => {
  let server: TestServer;
  let clerk: Desk;
  let kanungo: Desk;
  let otherOffice: Desk;
  let dm: Desk;
  const revenue = newGroup(CLERK, 'vikasnagar', [
    named(CLERK, 'राजस्व दल / revenue team'),
    membersSet(CLERK, [KANUNGO, NAIB]),
  ]);

  /** The records `d` receives whole (from cursor 0). */
  const holds = async (d: Desk) => (await pullNew(server, { ...d, cursor: 0 })).byRecord;
  /** The group as the server stores it (the DM receives every office's), or null when it stores nothing of it. */
  async function stored(id: RecordId) {
    const updates = (await holds(dm)).get(id);
    return updates === undefined ? null : readGroup(loadRecordDoc(updates));
  }

  beforeAll(async () => {
    server = await startTestServer();
    [clerk, kanungo, otherOffice, dm] = (await Promise.all(
      [CLERK, KANUNGO, 'clerk.chakrata', 'dm.dehradun'].map((u) => desk(server, u)),
    )) as [Desk, Desk, Desk, Desk];
    for (const d of [clerk, kanungo, otherOffice, dm]) await pullNew(server, d);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('reaches the office’s other tablet and no other office’s', async () => {
    const res = await push(server, clerk, revenue, revenue.update);
    expect(res.refusals).toEqual([]);
    expect(res.acks).toEqual([1]);
    const got = await pullNew(server, kanungo);
    const updates = got.byRecord.get(revenue.id);
    expect(updates).toBeDefined();
    expect(readGroup(loadRecordDoc(updates ?? []))).toMatchObject({
      office: 'vikasnagar',
      name: 'राजस्व दल / revenue team',
      members: [KANUNGO, NAIB],
      deleted: false,
    });
    expect((await pullNew(server, otherOffice)).byRecord.has(revenue.id)).toBe(false);
    expect((await holds(otherOffice)).has(revenue.id)).toBe(false);
  });

  it('takes a rename and new members from another person of the office', async () => {
    const copy = {
      id: revenue.id,
      doc: loadRecordDoc([...((await holds(kanungo)).get(revenue.id) ?? [])]),
    };
    const res = await push(
      server,
      kanungo,
      copy,
      append(copy, [named(KANUNGO, 'Revenue officers'), membersSet(KANUNGO, [NAIB, CLERK])]),
    );
    expect(res.refusals).toEqual([]);
    expect(res.acks).toEqual([1]);
    const got = await pullNew(server, clerk);
    expect(readGroup(loadRecordDoc([...(await holds(clerk)).get(revenue.id)!]))).toMatchObject({
      name: 'Revenue officers',
      members: [NAIB, CLERK],
      changedBy: KANUNGO,
    });
    expect(got.byRecord.has(revenue.id)).toBe(true);
  });

  it('refuses a change by someone not of the group’s office, storing nothing', async () => {
    const before = await stored(revenue.id);
    // The DM's district scope brings them every office's records, this group too.
    const dmCopy = {
      id: revenue.id,
      doc: loadRecordDoc([...((await holds(dm)).get(revenue.id) ?? [])]),
    };
    expect(dmCopy.doc.getMap('meta').size).toBeGreaterThan(0);
    const byDm = await push(
      server,
      dm,
      dmCopy,
      append(dmCopy, [named('dm.dehradun', 'DM’s list')]),
    );
    expect(byDm.acks).toEqual([]);
    expect(byDm.refusals.map((r) => r.reason)).toEqual(['groupForbidden']);
    expect(byDm.refusals[0]?.detail).toMatch(/not a person of vikasnagar/);
    // Another tehsil's clerk never received it: the server will not even say what it holds.
    const copy = { id: revenue.id, doc: loadRecordDoc([revenue.update]) };
    const byOther = await push(
      server,
      otherOffice,
      copy,
      append(copy, [named('clerk.chakrata', 'Chakrata’s list')]),
    );
    expect(byOther.refusals.map((r) => r.reason)).toEqual(['outOfScope']);
    expect(await stored(revenue.id)).toEqual(before);
  });

  it('refuses a group the pusher makes in another office, and one made in another’s name', async () => {
    const elsewhere = newGroup(CLERK, 'chakrata', [
      named(CLERK, 'Chakrata staff'),
      membersSet(CLERK, ['clerk.chakrata']),
    ]);
    const res = await push(server, clerk, elsewhere, elsewhere.update);
    expect(res.refusals.map((r) => r.reason)).toEqual(['outOfScope']);
    // An unsigned group in the kanungo's name, pushed from the clerk's session.
    const forged = newGroup(KANUNGO, 'vikasnagar', [
      named(KANUNGO, 'Forged'),
      membersSet(KANUNGO, [NAIB]),
    ]);
    const forgedRes = await push(server, clerk, forged, forged.update);
    expect(forgedRes.refusals.map((r) => r.reason)).toEqual(['actorMismatch']);
    for (const g of [elsewhere, forged]) expect(await stored(g.id)).toBeNull();
  });

  it('refuses malformed groups and changes with a reason, storing nothing', async () => {
    const cases: [TestRecord & { update: Uint8Array }, string, RegExp][] = [
      [
        newGroup(CLERK, 'vikasnagar', [named(CLERK, 'No members')]),
        'groupInvalid',
        /name and members/,
      ],
      [
        newGroup(CLERK, 'vikasnagar', [named(CLERK, 'Ghost'), membersSet(CLERK, ['nobody.here'])]),
        'groupInvalid',
        /unknown username "nobody.here"/,
      ],
      [
        newGroup(CLERK, 'vikasnagar', [named(CLERK, 'Twice'), membersSet(CLERK, [NAIB, NAIB])]),
        'eventMalformed',
        /distinct usernames/,
      ],
      [
        newGroup(CLERK, 'vikasnagar', [named(CLERK, '   '), membersSet(CLERK, [NAIB])]),
        'eventMalformed',
        /must not be empty/,
      ],
      [
        newGroup(CLERK, 'vikasnagar', [
          named(CLERK, 'With a noting'),
          membersSet(CLERK, [NAIB]),
          { ...base(CLERK), type: 'noting', text: 'not a group event' } as RecordEvent,
        ]),
        'groupInvalid',
        /noting does not belong on a saved group/,
      ],
    ];
    for (const [group, reason, detail] of cases) {
      const res = await push(server, clerk, group, group.update);
      expect(res.acks).toEqual([]);
      expect(res.refusals.map((r) => r.reason)).toEqual([reason]);
      expect(res.refusals[0]?.detail).toMatch(detail);
      expect(await stored(group.id)).toBeNull();
    }
    // A group's event on a file.
    const file = newFile(CLERK, 'vikasnagar', 'Boundary of khasra 112');
    const made = await push(server, clerk, file, file.update);
    expect(made.refusals).toEqual([]);
    expect(made.acks).toEqual([1]);
    const onFile = await push(server, clerk, file, append(file, [named(CLERK, 'A file')]));
    expect(onFile.refusals.map((r) => r.reason)).toEqual(['groupInvalid']);
    expect(onFile.refusals[0]?.detail).toMatch(/belongs on a saved group, not a file/);
  });

  it('takes a deletion, then refuses any change to the deleted group', async () => {
    const group = newGroup(CLERK, 'vikasnagar', [
      named(CLERK, 'Short-lived'),
      membersSet(CLERK, [NAIB]),
    ]);
    expect((await push(server, clerk, group, group.update)).acks).toEqual([1]);
    expect((await push(server, clerk, group, append(group, [deleted(CLERK)]))).acks).toEqual([1]);
    const after = await stored(group.id);
    expect(after).toMatchObject({ deleted: true, name: 'Short-lived' });
    const res = await push(server, clerk, group, append(group, [named(CLERK, 'Back again')]));
    expect(res.refusals.map((r) => r.reason)).toEqual(['groupInvalid']);
    expect(res.refusals[0]?.detail).toMatch(/deleted/);
    expect(await stored(group.id)).toEqual(after);
  });

  it('is no record of the office’s search or pendency', async () => {
    const search = await getJson(
      server,
      clerk,
      `/api/search?q=${encodeURIComponent('Revenue officers')}`,
    );
    expect(search.status).toBe(200);
    expect(JSON.stringify(search.body)).not.toContain(revenue.id);
    const pendency = await getJson(server, dm, '/api/reports/pendency');
    expect(pendency.status).toBe(200);
    expect(JSON.stringify(pendency.body)).not.toContain(revenue.id);
  });
});
