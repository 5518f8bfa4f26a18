import type { Message } from '../message.ts';
import type { hiCopies } from './copies.hi.ts';

/** Copies for information (`Copy to`): the send dialog, the inbox list, the file page. (English.) */
export const enCopies = {
  'copy.to': 'Copy to',
  'copy.search': 'Search people for Copy to',
  'copy.hint':
    'People in Copy to receive the file for information: they can read it and mark it seen, not send it on.',
  'copy.chosen': 'Copies to: {names}',
  'copy.none': 'No copies',
  'copy.forInfo': 'For information',
  'copy.inboxEmpty': 'Nothing sent to you for information.',
  'copy.banner':
    '{name} sent you this file for information. You can read it and mark it seen; sending it on is for its holder.',
  'copy.markSeen': 'Mark seen',
  'copy.seenOn': 'You marked it seen on {date}',
  'copy.listHeading': 'Copies for information',
  'copy.holderSeen': '{name} — seen {date}',
  'copy.holderUnseen': '{name} — not seen yet',
  'event.copySeen': 'Copy seen',
  'copy.withdraw': 'Withdraw',
  'copy.withdrawOne': 'Withdraw the copy sent to {name}',
  'event.copyWithdrawn': 'Copy withdrawn',
  'copy.withdrawnNotice':
    '{name} withdrew the copy sent to you for information, on {date}. It stays on this tablet to read.',
  'conflict.copyOnly': 'this person held only a copy for information',
  'errors.copyOnly': 'You have this file for information only; sending it on is for its holder.',
  'refusal.copyOnly':
    'Someone with a copy for information tried to move the file: a copy can be read and marked seen, not sent on.',
  'errors.withdrawInvalid':
    'Only the person who sent this copy for information can withdraw it; you did not send it.',
  'refusal.withdrawInvalid':
    'The server did not take the withdrawal of a copy for information: it was made by someone who never sent that copy. Only its sender can withdraw it.',
  'event.receiptCopied': 'Copy made',
  'event.copiedFrom': 'Copy',
  'copy.alsoTo': 'Also send to (each gets their own copy)',
  'copy.alsoSearch': 'Search people for Also send to',
  'copy.alsoHint':
    'Each gets a copy of this receipt of their own to act on, under its own diary number.',
  'copy.alsoChosen': 'Copies to: {names}',
  'copy.copyOf': 'Copy of {number}',
  'copy.copiesMade': 'Copies made',
  'copy.copyMadeFor': '{number} — {name}',
  'copy.savedGroups': 'Saved groups',
  'copy.addGroup': 'Add group: {group}',
} as const satisfies Record<keyof typeof hiCopies, Message>;
