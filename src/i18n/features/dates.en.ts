import type { Message } from '../message.ts';
import type { hiDates } from './dates.hi.ts';

/** A date field (DateField): typed day-month-year, or chosen from the calendar. (English.) */
export const enDates = {
  'date.placeholder': 'dd-mm-yyyy',
  'date.calendar': 'Choose the date from a calendar',
  'date.wrong': '"{text}" is not a date. Write day-month-year, e.g. 18-11-2026.',
} as const satisfies Record<keyof typeof hiDates, Message>;
