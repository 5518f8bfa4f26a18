import type { Message } from '../message.ts';
import type { hiLinks } from './links.hi.ts';

/** Linked files (`Link file`): the file page's panel and its picker. (English.) */
export const enLinks = {
  'link.heading': 'Linked files',
  'link.button': 'Link file',
  'link.hint': 'Both files stay independent: each keeps its own holder and shows the other.',
  'link.find': 'Find a file by number or subject',
  'link.one': 'Link {number}',
  'link.short': 'Link',
  'link.none': 'No other file on this tablet can be linked.',
  'link.noMatch': 'No file matches.',
  'link.empty': 'No linked files.',
  'link.linkedBy': 'linked by {name}, {date}',
  'link.linksHere': 'links to this file',
  'link.ref': 'Linked file {number}',
  'event.fileLinked': 'File linked',
  'link.remove': 'Remove link',
  'link.removeOne': 'Remove link to {number}',
  'event.fileUnlinked': 'Link removed',
  'errors.linkInvalid':
    'This file cannot be linked: it is a receipt, confidential or secret, or not on this tablet.',
  'refusal.linkInvalid':
    'The server did not take a link to another file: it names a file the server does not know or you may not see, a confidential or secret file, or a file by another number or subject.',
  'errors.unlinkInvalid':
    'Only someone who holds this file, or has held it, can remove its links; you never held it.',
  'refusal.unlinkInvalid':
    'The server did not take the removal of a link: it was made by someone who never held the file. Only its holder can remove its links.',
} as const satisfies Record<keyof typeof hiLinks, Message>;
