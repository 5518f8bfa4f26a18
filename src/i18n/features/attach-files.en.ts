import type { Message } from '../message.ts';
import type { hiAttachFiles } from './attach-files.hi.ts';

/** Files attached under another: the main file's panel, its picker, the attached file's notice. (English.) */
export const enAttachFiles = {
  'attachFile.heading': 'Attached files',
  'attachFile.button': 'Attach file',
  'attachFile.hint':
    'An attached file moves with this one: when this file is sent, it goes to the same person.',
  'attachFile.find': 'Find a file I hold',
  'attachFile.one': 'Attach {number} under this file',
  'attachFile.short': 'Attach',
  'attachFile.none': 'No other file with you can be attached.',
  'attachFile.noMatch': 'No file matches.',
  'attachFile.empty': 'No files attached.',
  'attachFile.detach': 'Detach {number}',
  'attachFile.detachShort': 'Detach',
  'attachFile.under': 'Attached under {number}: it moves with that file.',
  'attachFile.rowUnder': 'attached under {number}',
  'event.fileAttached': 'File attached',
  'event.fileDetached': 'File detached',
  'event.attachedUnder': 'Attached under another file',
  'event.detachedFrom': 'Detached from its main file',
  'errors.attachClosed':
    'A closed file is not attached under another, nor takes one under it; reopen it first.',
  'errors.attachedElsewhere':
    'That file is attached under another file already; detach it there first.',
  'errors.attachCycle':
    'This file is attached under that one: attaching that file under this one would make a loop.',
  'errors.attachNested':
    'One level only: a file with files attached under it is not attached under another, and an attached file takes none under it.',
  'refusal.attachInvalid':
    'The server did not take a file attached under another: the other file is not known, not a file, not with you, or named by another number or subject.',
} as const satisfies Record<keyof typeof hiAttachFiles, Message>;
