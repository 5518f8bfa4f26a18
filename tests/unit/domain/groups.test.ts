// Saved groups of recipients made in the app (issue 17, decision 0014): the fold (last
// name and members in the record's order win; nothing after a deletion), who may make and
// change a group (the people of its office), what the rule refuses, the schema of the
// events and the meta kind, and that a group is no file: no record state.
import { describe, expect, it } from 'vitest';
import { createRecordDoc, readGroup, readRecordState } from '@doc/record-doc.ts';
import { ROLES } from '@domain/directory.ts';
import type { RecordEvent } from '@domain/events.ts';
import { foldGroup, GROUP_META, groupProblem, mayChangeGroup } from '@domain/groups.ts';
import { formatHlc } from '@domain/hlc.ts';
import {
  asEventId,
  asOfficeId,
  asPersonId,
  asRecordId,
  type OfficeId,
  type PersonId,
} from '@domain/ids.ts';
import type { RecordMeta } from '@domain/record.ts';
import { logOf } from '@domain/record-log.ts';
import { mayProduce } from '@domain/roles.ts';
import { parseEvent, parseMeta } from '@domain/validate-event.ts';

const T = Date.UTC(2026, 3, 1, 9);
const VKN = asOfficeId('vikasnagar');
const CLERK = asPersonId('clerk.vikasnagar');
const KANUNGO = asPersonId('kanungo.vikasnagar');
const NAIB = asPersonId('naib.vikasnagar');
const OUTSIDER = asPersonId('clerk.chakrata');
const OFFICES: Record<string, OfficeId> = {
  [CLERK]: VKN,
  [KANUNGO]: VKN,
  [NAIB]: VKN,
  [OUTSIDER]: asOfficeId('chakrata'),
};
const officeOf = (p: PersonId) => OFFICES[p];

const meta: RecordMeta = {
  schemaVersion: 1,
  kind: 'group',
  id: asRecordId('00000000-0000-4000-9000-000000000001'),
  ...GROUP_META,
  office: VKN,
  createdBy: CLERK,
  createdAt: formatHlc({ wallMs: T, counter: 0, node: CLERK }),
  createdDeviceTime: T,
  clockVerified: true,
};

let n = 0;
function ev(actor: PersonId, fields: Record<string, unknown>, at = T + ++n * 1000): RecordEvent {
  n++;
  return {
    id: asEventId(`00000000-0000-4000-a000-${n.toString(16).padStart(12, '0')}`),
    actor,
    hlc: formatHlc({ wallMs: at, counter: 0, node: actor }),
    deviceTime: at,
    clockVerified: true,
    ...fields,
  } as RecordEvent;
}
const named = (actor: PersonId, name: string, at?: number) =>
  ev(actor, { type: 'groupNamed', name }, at);
const members = (actor: PersonId, list: readonly string[], at?: number) =>
  ev(actor, { type: 'groupMembersSet', members: list }, at);
const deleted = (actor: PersonId, at?: number) => ev(actor, { type: 'groupDeleted' }, at);

describe('the fold of a saved group', () => {
  it('takes the last name and the last members, in the record’s order', () => {
    const made = [named(CLERK, 'Revenue'), members(CLERK, [KANUNGO, NAIB])];
    const renamed = named(KANUNGO, 'Revenue officers');
    const changed = members(KANUNGO, [NAIB]);
    const group = foldGroup(meta, [changed, ...made, renamed]);
    expect(group).toMatchObject({
      id: meta.id,
      office: VKN,
      createdBy: CLERK,
      name: 'Revenue officers',
      members: [NAIB],
      deleted: false,
      changedBy: KANUNGO,
    });
  });

  it('follows the server’s log, not the device clocks', () => {
    // Two offline renames: the one the server logged last wins, whatever its clock says.
    const early = named(CLERK, 'From the clerk', T + 90_000);
    const late = named(KANUNGO, 'From the kanungo', T + 10_000);
    const log = logOf([
      { eventId: early.id, pos: 1, receivedAt: T, notBefore: T },
      { eventId: late.id, pos: 2, receivedAt: T, notBefore: T },
    ]);
    expect(foldGroup(meta, [early, late], log).name).toBe('From the kanungo');
    expect(foldGroup(meta, [early, late]).name).toBe('From the clerk');
  });

  it('takes nothing after a deletion', () => {
    const group = foldGroup(meta, [
      named(CLERK, 'Gone'),
      members(CLERK, [NAIB]),
      deleted(CLERK),
      named(KANUNGO, 'Back'),
    ]);
    expect(group).toMatchObject({ name: 'Gone', members: [NAIB], deleted: true });
  });

  it('is no file or receipt: the document has no record state, only its group', () => {
    const doc = createRecordDoc(meta, [named(CLERK, 'Revenue'), members(CLERK, [NAIB])]);
    expect(readRecordState(doc, T)).toBeNull();
    expect(readGroup(doc)).toMatchObject({ name: 'Revenue', members: [NAIB] });
  });
});

describe('who may make and change a group, and what is refused', () => {
  const made = [named(CLERK, 'Revenue'), members(CLERK, [KANUNGO, NAIB])];

  it('any person of the office, whatever their role; nobody else', () => {
    expect(mayChangeGroup(VKN, VKN)).toBe(true);
    expect(mayChangeGroup(asOfficeId('chakrata'), VKN)).toBe(false);
    for (const role of ROLES)
      for (const type of ['groupNamed', 'groupMembersSet', 'groupDeleted'] as const)
        expect(mayProduce(role, type)).toBe(true);
    expect(groupProblem(meta, [], made, true, officeOf)).toBeNull();
    expect(groupProblem(meta, made, [named(KANUNGO, 'Renamed')], false, officeOf)).toBeNull();
    expect(groupProblem(meta, made, [named(OUTSIDER, 'Mine now')], false, officeOf)).toEqual({
      reason: 'groupForbidden',
      detail:
        'clerk.chakrata is not a person of vikasnagar: only its people make and change its saved groups',
    });
    const byOutsider = { ...meta, createdBy: OUTSIDER };
    expect(groupProblem(byOutsider, [], made, true, officeOf)?.reason).toBe('groupForbidden');
  });

  it('refuses a new group without a name or members, unknown people, a deleted group', () => {
    expect(groupProblem(meta, [], [named(CLERK, 'Only a name')], true, officeOf)).toEqual({
      reason: 'groupInvalid',
      detail: 'a new group needs a name and members',
    });
    expect(
      groupProblem(meta, [], [named(CLERK, 'X'), members(CLERK, [NAIB, 'nobody'])], true, officeOf),
    ).toEqual({ reason: 'groupInvalid', detail: 'unknown username "nobody"' });
    expect(
      groupProblem(meta, [...made, deleted(CLERK)], [named(CLERK, 'Again')], false, officeOf),
    ).toEqual({ reason: 'groupInvalid', detail: 'the group was deleted' });
  });

  it('keeps group events and file events apart', () => {
    const file: RecordMeta = {
      ...meta,
      kind: 'file',
      number: 'VKN/REV/2026/1-1',
      subject: 'A file',
    };
    expect(groupProblem(file, [], [named(CLERK, 'X')], false, officeOf)).toEqual({
      reason: 'groupInvalid',
      detail: 'groupNamed belongs on a saved group, not a file',
    });
    expect(
      groupProblem(file, [], [ev(CLERK, { type: 'noting', text: 'fine' })], false, officeOf),
    ).toBeNull();
    expect(
      groupProblem(meta, made, [ev(CLERK, { type: 'noting', text: 'no' })], false, officeOf),
    ).toEqual({ reason: 'groupInvalid', detail: 'noting does not belong on a saved group' });
  });
});

describe('the schema of a group', () => {
  it('takes the meta kind and the three events, and refuses what breaks them', () => {
    expect(parseMeta(meta).ok).toBe(true);
    expect(parseMeta({ ...meta, kind: 'folder' })).toMatchObject({ ok: false });
    expect(parseEvent(named(CLERK, 'Revenue')).ok).toBe(true);
    expect(parseEvent(members(CLERK, [NAIB, KANUNGO])).ok).toBe(true);
    expect(parseEvent(deleted(CLERK)).ok).toBe(true);
    const bad: [RecordEvent, string][] = [
      [named(CLERK, ' '), 'groupNamed event: "name" must not be empty'],
      [named(CLERK, 'x'.repeat(101)), 'groupNamed event: "name" must be at most 100 characters'],
      [members(CLERK, []), 'groupMembersSet event: "members" must be 1..50 distinct usernames'],
      [
        members(CLERK, [NAIB, NAIB]),
        'groupMembersSet event: "members" must be 1..50 distinct usernames',
      ],
      [
        members(
          CLERK,
          Array.from({ length: 51 }, (_, i) => `p${i}`),
        ),
        'groupMembersSet event: "members" must be 1..50 distinct usernames',
      ],
      [
        { ...deleted(CLERK), reason: 'x' } as RecordEvent,
        'groupDeleted event: unexpected field "reason"',
      ],
    ];
    for (const [e, problem] of bad) expect(parseEvent(e)).toEqual({ ok: false, error: problem });
  });
});
