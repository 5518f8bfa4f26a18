import type { RecordEvent } from './events.ts';
import { sortEvents } from './event-order.ts';
import type { GroupEvent } from './group-events.ts';
import { hlcWallMs } from './hlc.ts';
import type { OfficeId, PersonId, RecordId } from './ids.ts';
import type { RecordMeta } from './record.ts';
import { EMPTY_LOG, type RecordLog } from './record-log.ts';

/**
 * Saved groups of recipients made in the app (issue 17; decision 0014).
 *
 * A group is a record document of its own, meta kind `group`, of one office:
 * signed, validated, logged and synced like a file, but folded here instead of
 * by fold.ts, so it has no holder and no projection row: inbox, pendency,
 * search and registers never see it. Its events: `groupNamed`,
 * `groupMembersSet` (the whole set) and `groupDeleted`. In the record's order
 * the last name and the last members win; after `groupDeleted` nothing more
 * is taken (the server refuses a change to a deleted group).
 *
 * Who (decided): any person of the group's office makes, renames, changes and
 * deletes that office's groups, whatever their role; nobody else, not even a
 * district officer who receives them (the server refuses, `groupForbidden`).
 * Members may be anyone in the directory, as in Copy to.
 */

export const GROUP_EVENT_TYPES = [
  'groupNamed',
  'groupMembersSet',
  'groupDeleted',
] as const satisfies readonly GroupEvent['type'][];

export function isGroupEvent(e: RecordEvent): e is GroupEvent {
  return (GROUP_EVENT_TYPES as readonly string[]).includes(e.type);
}

/** A group's meta carries no real number or subject: its name is an event (renamed later). */
export const GROUP_META = {
  number: 'GROUP',
  subject: 'Saved group of recipients',
  category: 'others',
} as const;

export interface SavedGroup {
  readonly id: RecordId;
  readonly office: OfficeId;
  readonly createdBy: PersonId;
  readonly name: string;
  readonly members: readonly PersonId[];
  readonly deleted: boolean;
  /** The latest change that took effect (claimed time, ms) and its author. */
  readonly changedAt: number;
  readonly changedBy: PersonId;
}

/** The group as its events leave it, in the record's order (the server's log, then unlogged). */
export function foldGroup(
  meta: RecordMeta,
  events: readonly RecordEvent[],
  log: RecordLog = EMPTY_LOG,
): SavedGroup {
  let name = '';
  let members: readonly PersonId[] = [];
  let deleted = false;
  let changedAt = hlcWallMs(meta.createdAt);
  let changedBy = meta.createdBy;
  for (const e of sortEvents(events, log)) {
    if (deleted) break;
    if (e.type === 'groupNamed') name = e.name;
    else if (e.type === 'groupMembersSet') members = e.members;
    else if (e.type === 'groupDeleted') deleted = true;
    else continue;
    changedAt = hlcWallMs(e.hlc);
    changedBy = e.actor;
  }
  return {
    id: meta.id,
    office: meta.office,
    createdBy: meta.createdBy,
    name,
    members,
    deleted,
    changedAt,
    changedBy,
  };
}

/** Whether `person` (of office `personOffice`) may make or change a group of `groupOffice`. */
export function mayChangeGroup(personOffice: OfficeId, groupOffice: OfficeId): boolean {
  return personOffice === groupOffice;
}

export interface GroupRefusal {
  readonly reason: 'groupForbidden' | 'groupInvalid';
  readonly detail: string;
}

/**
 * What the server (and a tablet, before it makes the events) refuses of an
 * update to a record: a group's events only on a group and a group only of
 * them; makers and changers of the group's office only; a new group named and
 * with members; members the directory knows; nothing after a deletion.
 * `officeOf` is the directory's office of a person (undefined: unknown).
 */
export function groupProblem(
  meta: RecordMeta,
  existing: readonly RecordEvent[],
  added: readonly RecordEvent[],
  created: boolean,
  officeOf: (person: PersonId) => OfficeId | undefined,
): GroupRefusal | null {
  const invalid = (detail: string): GroupRefusal => ({ reason: 'groupInvalid', detail });
  if (meta.kind !== 'group') {
    const stray = added.find(isGroupEvent);
    return stray === undefined
      ? null
      : invalid(`${stray.type} belongs on a saved group, not a ${meta.kind}`);
  }
  const foreign = added.find((e) => !isGroupEvent(e));
  if (foreign !== undefined) return invalid(`${foreign.type} does not belong on a saved group`);
  const authors = [...(created ? [meta.createdBy] : []), ...added.map((e) => e.actor)];
  const outsider = authors.find((p) => officeOf(p) !== meta.office);
  if (outsider !== undefined)
    return {
      reason: 'groupForbidden',
      detail: `${outsider} is not a person of ${meta.office}: only its people make and change its saved groups`,
    };
  if (added.length > 0 && existing.some((e) => e.type === 'groupDeleted'))
    return invalid('the group was deleted');
  if (
    created &&
    (!added.some((e) => e.type === 'groupNamed') ||
      !added.some((e) => e.type === 'groupMembersSet'))
  )
    return invalid('a new group needs a name and members');
  for (const e of added) {
    if (e.type !== 'groupMembersSet') continue;
    const unknown = e.members.find((m) => officeOf(m) === undefined);
    if (unknown !== undefined) return invalid(`unknown username "${unknown.slice(0, 64)}"`);
  }
  return null;
}
