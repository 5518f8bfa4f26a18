import type { Message } from '../message.ts';

/** The printed note sheet (PrintNoteSheet). (Hindi; the key set.) */
export const hiNoteSheet = {
  'notesheet.print': 'नोटशीट प्रिंट करें',
  'notesheet.fileNumber': 'पत्रावली संख्या: {number}',
  'notesheet.printed': '{date} को {name} द्वारा मुद्रित',
  'notesheet.refFlag': '{flag}: पत्राचार में इससे चिह्नित प्राप्ति',
} as const satisfies Record<string, Message>;
