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
  'verify.chooseButton': 'Choose exported file',
  'verifyLetter.title': 'Check a letter’s QR code',
  'verifyLetter.intro':
    'Paste or type the QR code of a printed letter, or choose a photo of it. It is checked on this tablet against the directory’s public keys, with no network.',
  'verifyLetter.payload': 'QR code text',
  'verifyLetter.check': 'Check QR code',
  'verifyLetter.photoButton': 'Choose photo of QR code',
  'verifyLetter.photo': 'Photo of QR code',
  'verifyLetter.noCode':
    'No QR code could be read in this photo. Take it again closer, straight on, with the whole code in view.',
  'verifyLetter.photoTooLarge': 'This photo is larger than {mb} MB; it was not opened.',
  'verifyLetter.result': 'Letter verification result',
  'verifyLetter.approvedBy': 'Approved by {name}, {designation}, {office}',
  'verifyLetter.approvedOn': 'Approved on {date}',
  'verifyLetter.hash': 'Letter text hash (SHA-256):',
  'verifyLetter.onTablet': 'This letter is on this tablet: file {number}, subject: {subject}',
  'verifyLetter.key': 'Key {key}, device {device}',
  'verifyLetter.keyRevoked': 'This key was revoked on {date}; what it signed before stays valid.',
  'verifyLetter.claims': 'The code claims approval by {person} on {date}',
  'verifyLetter.problem.malformed':
    'This is not a Patravali letter’s QR code, or its text is incomplete or damaged.',
  'verifyLetter.problem.unknownKey':
    'The key that signed it is not in the directory on this tablet (sync once to get new keys).',
  'verifyLetter.problem.keyNotApprovers': 'This key is not the approver’s, on that device.',
  'verifyLetter.problem.badSignature':
    'The signature does not match: the code is forged or something in it was changed.',
  'register.nav': 'Dispatch register',
  'register.title': 'Dispatch register — {office}',
  'register.intro':
    'Every letter dispatched from the office’s files on this tablet. The dispatch number is made on the dispatching tablet and is unique within the office; the server gives no other number.',
  'register.from': 'From date',
  'register.to': 'To date',
  'register.any': 'All',
  'register.file': 'File',
  'register.serial': 'S. no.',
  'register.date': 'Date',
  'register.print': 'Print register',
  'register.none': 'No letters dispatched that match.',
  'register.span': '{from} to {to}',
  'register.allDates': 'All dates',
  'register.count': { one: '{count} letter', other: '{count} letters' },
} as const satisfies Record<keyof typeof hiLetterPrint, Message>;
