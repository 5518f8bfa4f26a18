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
  'refusal.attachInvalid':
    'The server did not take a file attached under another: the other file is not known, not a file, not with you, or named by another number or subject.',
} as const satisfies Record<keyof typeof hiAttachFiles, Message>;
