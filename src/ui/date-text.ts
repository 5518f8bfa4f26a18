import { isIsoDate } from '@domain/calendar.ts';

/**
 * Dates as offices write them: day, month, year (`18-11-2026`, `18/11/2026`,
 * `18.11.26`, `18112026`, in Devanagari digits too), whatever language the
 * browser itself speaks. The app keeps `YYYY-MM-DD`, which is also taken as
 * typed (a date pasted from elsewhere).
 */

const DEVANAGARI_ZERO = 0x0966;
const DAY_MONTH_YEAR = /^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{2}|\d{4})$/;
const RUN_OF_DIGITS = /^(\d{2})(\d{2})(\d{4})$/;
const YEAR_FIRST = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

const pad = (n: string) => n.padStart(2, '0');

/** `YYYY-MM-DD` of what a person typed, or null when it is not a real date. */
export function parseDateText(text: string): string | null {
  const latin = text
    .trim()
    .replace(/[०-९]/g, (d) => String((d.codePointAt(0) ?? DEVANAGARI_ZERO) - DEVANAGARI_ZERO));
  let iso: string | null = null;
  const dmy = DAY_MONTH_YEAR.exec(latin) ?? RUN_OF_DIGITS.exec(latin);
  if (dmy !== null) {
    const [, d = '', m = '', y = ''] = dmy;
    iso = `${y.length === 2 ? `20${y}` : y}-${pad(m)}-${pad(d)}`;
  } else {
    const ymd = YEAR_FIRST.exec(latin);
    if (ymd !== null) iso = `${ymd[1]}-${pad(ymd[2] ?? '')}-${pad(ymd[3] ?? '')}`;
  }
  return isIsoDate(iso) ? iso : null;
}

/** `DD-MM-YYYY` of a `YYYY-MM-DD` date. */
export function dayMonthYear(iso: string): string {
  return `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;
}

/**
 * What a date field holds for what was typed: the date `YYYY-MM-DD`, '' for
 * nothing, or the text itself when it is not a date (so a form refuses it
 * rather than taking it as "no date").
 */
export function dateFieldValue(text: string): string {
  const trimmed = text.trim();
  return trimmed === '' ? '' : (parseDateText(trimmed) ?? trimmed);
}

/** The text a date field shows for what it holds. */
export function dateFieldText(value: string): string {
  return isIsoDate(value) ? dayMonthYear(value) : value;
}
