import type { Message } from '../message.ts';
import type { hiGroups } from './groups.hi.ts';

/** Saved groups of recipients made in the app (decision 0014). (English.) */
export const enGroups = {
  'event.groupNamed': 'Group named',
  'event.groupMembersSet': 'Group members set',
  'event.groupDeleted': 'Group deleted',
  'errors.groupForbidden': 'Only the people of this group’s office can change it.',
  'errors.groupInvalid':
    'This group cannot be changed so: it was deleted, or it names someone not in the directory.',
  'refusal.groupForbidden':
    'The server did not take a change to a saved group: only the people of an office make and change its groups.',
  'refusal.groupInvalid':
    'The server did not take a change to a saved group: a new group needs a name and members from the directory, and a deleted group cannot be changed.',
} as const satisfies Record<keyof typeof hiGroups, Message>;
