import type { Message } from '../message.ts';

/** A date field (DateField): typed day-month-year, or chosen from the calendar. (Hindi; the key set.) */
export const hiDates = {
  'date.placeholder': 'दिन-माह-वर्ष',
  'date.calendar': 'कैलेंडर से तिथि चुनें',
  'date.wrong': '"{text}" तिथि नहीं है। दिन-माह-वर्ष लिखें, जैसे 18-11-2026।',
} as const satisfies Record<string, Message>;
