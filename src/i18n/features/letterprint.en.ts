import type { Message } from '../message.ts';
import type { hiLetterPrint } from './letterprint.hi.ts';

/** The printed letter, its QR code checked on the Verify page, the dispatch register (issue 16). (English.) */
export const enLetterPrint = {
  'letterPrint.button': 'Print letter',
  'letterPrint.number': 'No. {number}',
  'letterPrint.numberPending': 'No.: given at dispatch',
  'letterPrint.file': 'File number: {number}',
  'letterPrint.date': 'Date: {date}',
  'letterPrint.to': 'To,',
  'letterPrint.subject': 'Subject: {subject}',
  'letterPrint.reference': 'Reference: diary number {diary}',
  'letterPrint.referenceLetter':
    'Reference: your letter no. {number} dated {date} (diary number {diary})',
  'letterPrint.approvedAt': 'Approved {date}',
  'letterPrint.qrLabel': 'QR code of the approval’s signature',
  'letterPrint.qrCaption':
    'Signed with the approver’s device key ({key}). Check it offline on Patravali’s Verify page.',
  'letterPrint.hash': 'Text hash {hash}…',
  'letterPrint.unsigned': 'This approval carries no device signature, so it has no QR code.',
} as const satisfies Record<keyof typeof hiLetterPrint, Message>;
