import type { Message } from '../message.ts';
import type { hiDesk } from './desk.hi.ts';

/** Reading and acting at a desk. (English; same keys as the Hindi block.) */
export const enDesk = {
  'inbox.order': 'Order',
  'inbox.orderOldest': 'Oldest waiting first',
  'inbox.orderUrgent': 'Urgent and overdue first',
  'pending.today': 'pending since today',
  'records.inFile': 'Put in a file',
  'inbox.via': 'via {name}',

  'file.hopPulledBackFrom': 'pulled back from {name}',
  'scan.inReceipts': {
    one: '{count} scan in this file’s receipts (see Correspondence).',
    other: '{count} scans in this file’s receipts (see Correspondence).',
  },
  'send.recipient': '{name}, {designation} — {office}',

  'confirm.cancel': 'Cancel',
  'close.confirmTitle': 'Close this file?',
  'close.confirmText':
    'A closed file leaves every inbox and the pendency count. It can be reopened later if needed.',
  'close.confirm': 'Yes, close the file',
  'signOut.pendingTitle': 'Some changes have not reached the server yet',
  'signOut.pendingText': {
    one: 'Changes to {count} record have not been sent to the server yet. They stay safe on this tablet and will still be sent at the next sync, even after you sign out.',
    other:
      'Changes to {count} records have not been sent to the server yet. They stay safe on this tablet and will still be sent at the next sync, even after you sign out.',
  },
  'signOut.confirm': 'Sign out anyway',
  'signOut.stay': 'Stay signed in',
} as const satisfies { readonly [K in keyof typeof hiDesk]: Message };
