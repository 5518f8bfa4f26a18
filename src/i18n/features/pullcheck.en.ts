import type { Message } from '../message.ts';
import type { hiPullCheck } from './pullcheck.hi.ts';

/** The alarm when what a tablet pulled fails verification (issue 14). (English.) */
export const enPullCheck = {
  'pullCheck.title': 'Failed verification',
  'pullCheck.badSignature':
    'An entry the server sent does not carry a valid signature of its author’s device.',
  'pullCheck.alteredBytes':
    'An entry the server sent was changed after it was signed: its words do not match the signature.',
  'pullCheck.unknownKey':
    'An entry the server sent is signed with a key not registered for its author.',
  'pullCheck.brokenChain':
    'An entry the server sent breaks the file’s signed order (copied from another file, or an entry is missing).',
  'pullCheck.malformed': 'What the server sent is not a well-formed change to this file.',
  'pullCheck.kept':
    'This tablet did not apply it and keeps its own copy of the file as it was. Tell your office administrator.',
  'pullCheck.bannerText': {
    one: 'One file failed verification: what the server sent for it was not applied.',
    other: '{count} files failed verification: what the server sent for them was not applied.',
  },
  'pullCheck.row': '{number} — {subject}: {problem}',
  'pullCheck.notHere': 'File {id}, not yet on this tablet',
  'pullCheck.syncLine': {
    one: '1 file failed verification',
    other: '{count} files failed verification',
  },
} as const satisfies Record<keyof typeof hiPullCheck, Message>;
