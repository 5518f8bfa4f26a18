import type { Message } from '../message.ts';
import type { hiClosure } from './closure.hi.ts';

/** The approver of a file's closure (closure.ts): the Close file dialog's choice and the closed file's line. (English.) */
export const enClosure = {
  'closure.approver': 'Closure approved by',
  'closure.choose': 'Choose the approving officer',
  'closure.approverHint':
    'The officer who approved closing this file. They can see the closed file, even if it is confidential.',
  'closure.approverNeeded': 'Choose the officer who approved the closure.',
  'closure.onFile': 'Closed by {closer}, {date}; closure approved by {approver}',
  'closure.onFileNoApprover': 'Closed by {closer}, {date}',
  'refusal.closureInvalid':
    'The server did not take the closing of the file: the approver named is not an officer who may approve it, or the file could not be closed by you. Close it again naming an officer.',
} as const satisfies Record<keyof typeof hiClosure, Message>;
