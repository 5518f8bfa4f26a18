/**
 * CSV for spreadsheet programs (RFC 4180): UTF-8 with a byte-order mark so
 * Excel and LibreOffice read Devanagari correctly, CRLF line ends, fields
 * quoted when they need it. Text that a spreadsheet would run as a formula is
 * prefixed with an apostrophe (a subject typed as `=HYPERLINK(…)` stays text).
 */

export type CsvCell = string | number | null;

export const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvCell(value: CsvCell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: readonly CsvCell[]): string {
  return cells.map(csvCell).join(',');
}

/** The whole file: BOM, heading line, one line per row, each ended by CRLF. */
export function toCsv(headings: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return BOM + [headings, ...rows].map((r) => `${csvLine(r)}\r\n`).join('');
}

/** A file name safe on every OS, e.g. `pendency-2026-04-21.csv`. */
export function csvFileName(stem: string, date: string): string {
  return `${stem}-${date}`.replace(/[^A-Za-z0-9._-]+/g, '-') + '.csv';
}
