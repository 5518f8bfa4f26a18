import type { Message } from '../message.ts';
import type { hiNoteSheet } from './notesheet.hi.ts';

/** The printed note sheet (PrintNoteSheet). (English.) */
export const enNoteSheet = {
  'notesheet.print': 'Print note sheet',
  'notesheet.fileNumber': 'File number: {number}',
  'notesheet.printed': 'Printed {date} by {name}',
  'notesheet.refFlag': '{flag}: the receipt it flags, in Correspondence',
} as const satisfies Record<keyof typeof hiNoteSheet, Message>;
