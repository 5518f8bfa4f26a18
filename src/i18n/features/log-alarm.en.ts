import type { Message } from '../message.ts';
import type { hiLogAlarm } from './log-alarm.hi.ts';

/** The alarm a tablet shows when the server's log did not only grow (src/doc/log-check.ts). (English.) */
export const enLogAlarm = {
  'sync.logAlarm': 'Server log changed',
  'logAlarm.label': 'Server log alarm',
  'logAlarm.title': 'The server’s record has been changed',
  'logAlarm.headSignature': 'The server’s answer is not signed with its own key.',
  'logAlarm.headMissing': 'The server no longer proves that its log only grew.',
  'logAlarm.logShrank':
    'The server’s log is shorter than when this tablet last checked it: entries were removed.',
  'logAlarm.logRootChanged':
    'The server’s log was rewritten: entries this tablet had checked have changed.',
  'logAlarm.logInconsistent':
    'The server’s log does not extend the one this tablet checked: history was changed, removed or reordered.',
  'logAlarm.kept':
    'This tablet keeps its own copy and took nothing from this answer. Tell your district administrator at once.',
} as const satisfies Record<keyof typeof hiLogAlarm, Message>;
