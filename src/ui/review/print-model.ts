import type { ReviewReport } from '@domain/review.ts';
import type { CsvCell } from './csv.ts';
import type { ReviewLabels, ReviewNames } from './labels.ts';
import { officeTable, personTable, recordTable } from './review-tables.ts';
import type { ReviewTable } from './review-tables.ts';

/**
 * The A4 review-meeting report as data: pages with a heading, the table's
 * column headings repeated on every page, rows as text, and "page n of m".
 * The print stylesheet lays each page out on one sheet (`break-after: page`);
 * rows per page is fixed here so page numbers are known before printing.
 */

/** A4 portrait at the print stylesheet's row height leaves room for about this many rows. */
export const ROWS_PER_A4_PAGE = 28;

export interface PrintPage {
  /** 1-based. */
  readonly number: number;
  /** "Page n of m", in the chosen language. */
  readonly label: string;
  readonly sectionTitle: string;
  /** True on the pages after a section's first (the heading says "continued"). */
  readonly continued: boolean;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** The table's totals line, on the section's last page only. */
  readonly totals: readonly string[] | null;
}

export interface PrintReport {
  readonly title: string;
  /** "As of …": when the counts were computed. */
  readonly asOf: string;
  readonly pageCount: number;
  readonly pages: readonly PrintPage[];
}

const text = (c: CsvCell): string => (c === null ? '' : String(c));

type Draft = Omit<PrintPage, 'number' | 'label'>;

/** A table cut into pages; an empty table still gets one page so its heading prints. */
function paginate(table: ReviewTable, rowsPerPage: number): Draft[] {
  const rows = table.rows.map((r) => r.map(text));
  const chunks: (readonly (readonly string[])[])[] = [];
  for (let i = 0; i < rows.length; i += rowsPerPage) chunks.push(rows.slice(i, i + rowsPerPage));
  if (chunks.length === 0) chunks.push([]);
  return chunks.map((chunk, i) => ({
    sectionTitle: table.title,
    continued: i > 0,
    columns: table.columns,
    rows: chunk,
    totals: i === chunks.length - 1 && table.totals !== null ? table.totals.map(text) : null,
  }));
}

export interface PrintOptions {
  readonly rowsPerPage?: number;
  /** Include the record-by-record list (long in a district review). */
  readonly includeRecords?: boolean;
}

export function printModel(
  report: ReviewReport,
  labels: ReviewLabels,
  names: ReviewNames,
  options: PrintOptions = {},
): PrintReport {
  const rowsPerPage = Math.max(1, Math.floor(options.rowsPerPage ?? ROWS_PER_A4_PAGE));
  const tables = [officeTable(report, labels, names), personTable(report, labels, names)];
  if (options.includeRecords ?? true) tables.push(recordTable(report.records, labels, names));
  const drafts = tables.flatMap((t) => paginate(t, rowsPerPage));
  const pageCount = drafts.length;
  return {
    title: labels.title,
    asOf: labels.asOf(names.dateTime(report.asOf)),
    pageCount,
    pages: drafts.map((d, i) => ({ ...d, number: i + 1, label: labels.pageOf(i + 1, pageCount) })),
  };
}
