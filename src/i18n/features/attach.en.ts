import type { Message } from '../message.ts';
import type { hiAttach } from './attach.hi.ts';

/** Attach receipt on a file (AttachReceipt). (English.) */
export const enAttach = {
  'attach.button': 'Attach receipt',
  'attach.find': 'Find receipt',
  'attach.none': 'You hold no receipt that is not in a file.',
  'attach.noMatch': 'No receipt matches.',
  'attach.from': 'from {from}',
  'attach.short': 'Attach',
  'attach.one': 'Attach {number} to this file',
  'attach.done': 'Attached {number} to this file; it is in Correspondence.',
} as const satisfies Record<keyof typeof hiAttach, Message>;
