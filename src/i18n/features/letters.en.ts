import type { Message } from '../message.ts';
import type { hiLetters } from './letters.hi.ts';

/** Draft letters: drafting, approval, dispatch (issue 16). (English.) */
export const enLetters = {
  'event.letterDrafted': 'Draft letter begun',
  'event.letterRevised': 'Draft revised',
  'event.letterApproved': 'Draft approved',
  'event.letterDispatched': 'Letter dispatched',
  'refusal.letterFrozen':
    'This draft was already approved, so it can no longer be changed. Begin a new draft for the change.',
  'refusal.approverForbidden': 'Your role may not approve letters of this office.',
  'refusal.letterHashMismatch':
    'The approval names a text that does not match that version of the draft.',
  'refusal.letterNotApproved': 'A draft cannot be dispatched before it is approved.',
} as const satisfies Record<keyof typeof hiLetters, Message>;
