import type { Message } from '../message.ts';
import type { hiVerify } from './verify.hi.ts';

/** Exporting a file and the Verify page (src/doc/verify-export.ts). (English.) */
export const enVerify = {
  'verify.nav': 'Verify',
  'verify.title': 'Verify an exported file',
  'verify.intro':
    'Choose an exported file (.zip). It is checked on this tablet, with no network: every signature, every link of the order, the server log’s proofs and the SHA-256 of every file.',
  'verify.choose': 'Exported file',
  'verify.reading': 'Checking…',
  'verify.unreadable': 'This file could not be read.',
  'verify.tooLarge': 'This file is larger than any export ({mb} MB); it was not opened.',
  'verify.result': 'Verification result',
  'verify.valid': 'Signature valid',
  'verify.invalid': 'Not valid',
  'verify.problems': 'What is wrong',
  'verify.notices': 'Note',
  'verify.summary':
    'File {number}: {events} events; signed entries {signed}; proven in the server log {proven}',
  'verify.exported': 'Exported on {date} by {person}',
  'verify.logKey': 'Server log key: {key}',
  'verify.check.container': 'The archive (zip) was changed or cannot be read',
  'verify.check.fileMissing': 'A file is missing from the archive',
  'verify.check.hashMismatch':
    'The file’s SHA-256 does not match the hash report: the file was changed',
  'verify.check.hashReport':
    'The hash report (BSA s.63 Part A) cannot be read or its signature does not match',
  'verify.check.recordMalformed': 'The record’s entries are not in their form',
  'verify.check.keyMalformed': 'A public key is wrong',
  'verify.check.keyUnknown': 'The signing key is not the author’s',
  'verify.check.keyNotDevice': 'The entry was not made on the device whose key signed it',
  'verify.check.signatureInvalid': 'The signature does not match: the words were changed',
  'verify.check.prevMissing': 'The entry it was written after is not in this record',
  'verify.check.chainBroken': 'A link of the order is broken: entries were removed or reordered',
  'verify.check.logMalformed': 'The server log’s proofs cannot be read',
  'verify.check.headSignature': 'The server log’s head is not signed by the server’s key',
  'verify.check.inclusionFailed': 'This entry, with these words, is not in the server log',
  'verify.subject.archive': 'archive',
  'verify.subject.meta': 'the file’s particulars',
  'verify.subject.event': 'entry {id}',
  'verify.subject.key': 'key {id}',
  'verify.subject.head': 'the log’s head',
  'verify.subject.file': 'file {name}',
  'verify.notice.notLogged': 'Entries without a server log proof: {count}',
  'verify.notice.unsignedItems':
    'Entries from before device keys (attested by the server only): {count}',
  'verify.notice.reportUnsigned': 'The hash report carries no exporter signature',
  'exportFile.button': 'Export file',
  'exportFile.working': 'Exporting…',
  'exportFile.done': '{name} saved. Entries proven in the server log: {proven} of {total}.',
  'exportFile.failed': 'The file could not be exported.',
} as const satisfies Record<keyof typeof hiVerify, Message>;
