import type { Message } from '../message.ts';
import type { hiGroups } from './groups.hi.ts';

/** Saved groups of recipients made in the app (decision 0014). (English.) */
export const enGroups = {
  'groups.saveAs': 'Save as group',
  'groups.newName': 'Name of the new group',
  'groups.nameRequired': 'Give the group a name.',
  'groups.saved': 'Group “{group}” saved.',
  'groups.edit': 'Change group: {group}',
  'groups.editor': 'Change group {group}',
  'groups.members': 'Members: {names}',
  'groups.name': 'Group name',
  'groups.rename': 'Rename',
  'groups.renamed': 'The group is now called “{group}”.',
  'groups.useChosen': 'Make the chosen people its members',
  'groups.membersChanged': 'Members of “{group}” changed.',
  'groups.delete': 'Delete group',
  'groups.deleted': 'Group “{group}” deleted.',
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
