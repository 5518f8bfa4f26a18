import type { EventBase } from './event-base.ts';
import type { PersonId } from './ids.ts';

/**
 * Events of a saved group of recipients (issue 17; groups.ts, decision 0014).
 * A group is a record of its own (meta kind `group`) of one office, made and
 * changed in the app by any person of that office, offered in a send's
 * `Copy to` / `Also send to`. Last name and last members in the record's order
 * win; once deleted, nothing more is taken.
 */

/** The group's name, as its office calls it (at creation, and each rename). */
export interface GroupNamedEvent extends EventBase {
  readonly type: 'groupNamed';
  readonly name: string;
}

/** The group's members, the whole set (at creation, and each change). */
export interface GroupMembersSetEvent extends EventBase {
  readonly type: 'groupMembersSet';
  readonly members: readonly PersonId[];
}

/** The group is deleted: no longer offered; the record stays, as every record does. */
export interface GroupDeletedEvent extends EventBase {
  readonly type: 'groupDeleted';
}

export type GroupEvent = GroupNamedEvent | GroupMembersSetEvent | GroupDeletedEvent;
