import type { Message } from '../message.ts';
import type { hiConflicts } from './conflicts.hi.ts';

/** Work that did not take effect: the Conflicts region, its reminder, refused text. (English.) */
export const enConflicts = {
  'event.conflictDismissed': 'Conflict dismissed',
  'event.conflictResubmitted': 'Lost noting re-submitted',
  'conflicts.yours': 'Yours',
  'conflicts.sentTo': 'To: {person}',
  'conflicts.remarks': 'Remarks: {text}',
  'conflicts.resubmit': 'Re-submit',
  'conflicts.resubmitHint': 'Puts this text into your draft noting on this file.',
  'conflicts.resubmitted': 'Your text is now in your draft noting below; check it and send.',
  'conflicts.notHolderNow':
    'This file is now with {holder}. Ask for it to be sent back to you, then re-submit your text here; or dismiss it.',
  'conflicts.redoAction':
    'If it is still needed, do it again with the file’s buttons, then dismiss this entry.',
  'conflicts.dismiss': 'Dismiss',
  'conflicts.dismissReason': 'Reason',
  'conflicts.dismissReasonHint': 'Why this no longer needs doing (kept in the file’s record).',
  'conflicts.confirmDismiss': 'Dismiss with this reason',
  'conflicts.cancel': 'Cancel',
  'conflicts.reasonRequired': 'Write a reason (up to {max} characters).',
  'conflicts.wasResubmitted': 'Re-submitted by its author, {date}.',
  'conflicts.wasDismissed': 'Dismissed by its author, {date}: {reason}',
  'conflicts.bannerTitle': 'Your work that did not take effect',
  'conflicts.bannerText': {
    one: 'On this file, work of yours did not take effect. Open it to re-submit or dismiss.',
    other:
      'On {count} files, work of yours did not take effect. Open each to re-submit or dismiss.',
  },
  'conflicts.bannerRow': '{number} — {subject}',
  'refusal.textOf': '{action} by {actor}:',
} as const satisfies Record<keyof typeof hiConflicts, Message>;
