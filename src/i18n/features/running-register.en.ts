import type { Message } from '../message.ts';
import type { hiRunningRegister } from './running-register.hi.ts';

/** The office's running dispatch register: the server's number beside the tablet's. (English.) */
export const enRunningRegister = {
  'runningRegister.number': 'Register number',
  'runningRegister.pending': 'Register number comes after sync',
  'runningRegister.pendingShort': 'After sync',
  'runningRegister.notGiven':
    'Not given yet: the district server gives it once the dispatch reaches it (a dispatch made before the register began gets none)',
  'runningRegister.notGivenShort': 'Not given yet',
  'runningRegister.tabletNumber': 'Tablet number {number}',
  'runningRegister.intro':
    "Every letter dispatched from the office's files on this tablet. The dispatch number is made on the dispatching tablet; this office also keeps one running dispatch register: when a dispatch syncs, the server gives it the year's next register number, and the tablet's own number stays beside it.",
  'refusal.registerNumberForged':
    'Only the server gives register numbers; this change tried to set one itself and was not taken.',
} as const satisfies Record<keyof typeof hiRunningRegister, Message>;
