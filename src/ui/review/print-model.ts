import type { ReviewReport } from '@domain/review.ts';
import type { CsvCell } from './csv.ts';
import type { ReviewLabels, ReviewNames } from './labels.ts';
import { officeTable, personTable, recordTable } from './review-tables.ts';
import type { ReviewTable } from './review-tables.ts';

/**
 * The review-meeting report as data: a heading, the "as of" time, and the
 * tables one after another, every cell as text. The print stylesheet lets the
 * browser lay them out (pendency-print.css): cells wrap instead of being cut,
 * a row never splits across sheets, column headings repeat on each sheet, small
 * tables share one, and each sheet's foot says "page n of m" from the browser's
 * own page counters (`pageCounter`, a CSS `content` value).
 */

export interface PrintSection {
  /** Which table, so the stylesheet can size its columns. */
  readonly kind: 'offices' | 'people' | 'records';
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** The table's totals line, if it has one. */
  readonly totals: readonly string[] | null;
}

export interface PrintReport {
  readonly title: string;
  /** "As of …": when the counts were computed. */
  readonly asOf: string;
  readonly sections: readonly PrintSection[];
  /** "Page n of m" in the chosen language, as CSS: strings around counter(page) and counter(pages). */
  readonly pageCounter: string;
}

export interface PrintOptions {
  /** Include the record-by-record list (long in a district review). */
  readonly includeRecords?: boolean;
}

const text = (c: CsvCell): string => (c === null ? '' : String(c));

function section(kind: PrintSection['kind'], table: ReviewTable): PrintSection {
  return {
    kind,
    title: table.title,
    columns: table.columns,
    rows: table.rows.map((r) => r.map(text)),
    totals: table.totals === null ? null : table.totals.map(text),
  };
}

// Stand-ins no label contains, replaced by the browser's counters.
const PAGE = '\u0001';
const PAGES = '\u0002';

/** `labels.pageOf` as a CSS content value: "Page " counter(page) " of " counter(pages). */
export function pageCounterCss(labels: Pick<ReviewLabels, 'pageOf'>): string {
  const template = labels.pageOf(PAGE, PAGES);
  const parts: string[] = [];
  for (const piece of template.split(new RegExp(`(${PAGE}|${PAGES})`))) {
    if (piece === PAGE) parts.push('counter(page)');
    else if (piece === PAGES) parts.push('counter(pages)');
    else if (piece !== '') parts.push(`"${piece.replace(/[\\"]/g, (c) => `\\${c}`)}"`);
  }
  return parts.join(' ');
}

export function printModel(
  report: ReviewReport,
  labels: ReviewLabels,
  names: ReviewNames,
  options: PrintOptions = {},
): PrintReport {
  const sections = [
    section('offices', officeTable(report, labels, names)),
    section('people', personTable(report, labels, names)),
  ];
  if (options.includeRecords ?? true)
    sections.push(section('records', recordTable(report.records, labels, names)));
  return {
    title: labels.title,
    asOf: labels.asOf(names.dateTime(report.asOf)),
    sections,
    pageCounter: pageCounterCss(labels),
  };
}
