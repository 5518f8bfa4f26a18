import { AGE_BUCKETS } from '@domain/pendency.ts';
import type { OfficeId, PersonId } from '@domain/ids.ts';
import type { ReviewRecord, ReviewReport, ReviewRow } from '@domain/review.ts';
import type { CsvCell } from './csv.ts';
import { toCsv } from './csv.ts';
import type { ReviewLabels, ReviewNames } from './labels.ts';

/**
 * The review as plain tables (heading + rows of cells): one source for the
 * CSV export and the print model, so both show the same columns.
 */

export interface ReviewTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly CsvCell[])[];
  /** A closing "Total" line, when the table has one. */
  readonly totals: readonly CsvCell[] | null;
}

interface CountColumn {
  readonly label: (l: ReviewLabels) => string;
  readonly value: (r: ReviewRow<string>) => number;
  /** How the totals line combines the column: oldest days is a maximum, not a sum. */
  readonly combine: 'sum' | 'max';
}

/** Draft letters (issue 16): how many wait for approval or dispatch, and the oldest of each. */
const LETTER_COLUMNS: readonly CountColumn[] = [
  { label: (l) => l.lettersAwaiting, value: (r) => r.letters.awaitingApproval, combine: 'sum' },
  { label: (l) => l.lettersAwaitingDays, value: (r) => r.letters.awaitingDays, combine: 'max' },
  {
    label: (l) => l.lettersApproved,
    value: (r) => r.letters.approvedNotDispatched,
    combine: 'sum',
  },
  { label: (l) => l.lettersApprovedDays, value: (r) => r.letters.approvedDays, combine: 'max' },
];

const COUNT_COLUMNS: readonly CountColumn[] = [
  ...AGE_BUCKETS.map((b): CountColumn => ({
    label: (l) => l.buckets[b],
    value: (r) => r.byAge[b],
    combine: 'sum',
  })),
  { label: (l) => l.total, value: (r) => r.total, combine: 'sum' },
  { label: (l) => l.files, value: (r) => r.files, combine: 'sum' },
  { label: (l) => l.receipts, value: (r) => r.receipts, combine: 'sum' },
  { label: (l) => l.overdue, value: (r) => r.overdue, combine: 'sum' },
  { label: (l) => l.unverified, value: (r) => r.unverified, combine: 'sum' },
  { label: (l) => l.oldestDays, value: (r) => r.oldestDays, combine: 'max' },
  ...LETTER_COLUMNS,
];

const countColumns = (labels: ReviewLabels): string[] => COUNT_COLUMNS.map((c) => c.label(labels));
const counts = (row: ReviewRow<string>): number[] => COUNT_COLUMNS.map((c) => c.value(row));

function totalsOf(rows: readonly ReviewRow<string>[]): number[] {
  return COUNT_COLUMNS.map((c) => {
    const values = rows.map(c.value);
    return c.combine === 'max' ? Math.max(0, ...values) : values.reduce((a, b) => a + b, 0);
  });
}

export function officeTable(
  report: ReviewReport,
  labels: ReviewLabels,
  names: ReviewNames,
): ReviewTable {
  return {
    title: labels.byOffice,
    columns: [labels.office, ...countColumns(labels)],
    rows: report.byOffice.map((r) => [names.office(r.key), ...counts(r)]),
    totals: report.byOffice.length === 0 ? null : [labels.total, ...totalsOf(report.byOffice)],
  };
}

/** Each holder's office, as the records say (a holder may be missing from the directory). */
function holderOffices(records: readonly ReviewRecord[]): Map<PersonId, OfficeId | null> {
  return new Map(records.map((r) => [r.holder, r.holderOffice] as const));
}

export function personTable(
  report: ReviewReport,
  labels: ReviewLabels,
  names: ReviewNames,
): ReviewTable {
  const offices = holderOffices(report.records);
  return {
    title: labels.byPerson,
    columns: [labels.person, labels.office, ...countColumns(labels)],
    rows: report.byPerson.map((r) => {
      const office = offices.get(r.key) ?? null;
      return [names.person(r.key), office === null ? '' : names.office(office), ...counts(r)];
    }),
    totals: report.byPerson.length === 0 ? null : [labels.total, '', ...totalsOf(report.byPerson)],
  };
}

/** The drill-down list: one line per pending record. */
export function recordTable(
  records: readonly ReviewRecord[],
  labels: ReviewLabels,
  names: ReviewNames,
): ReviewTable {
  return {
    title: labels.records,
    columns: [
      labels.number,
      labels.subject,
      labels.kind,
      labels.category,
      labels.holder,
      labels.office,
      labels.since,
      labels.days,
      labels.dueDate,
      labels.priority,
      labels.overdue,
      labels.unverified,
      ...LETTER_COLUMNS.map((c) => c.label(labels)),
    ],
    rows: records.map((r) => [
      r.number,
      // A record's subject is never empty: empty is a confidential one's, withheld (grades.ts).
      r.subject === '' ? labels.withheld : r.subject,
      names.kind(r.kind),
      names.category(r.category),
      names.person(r.holder),
      r.holderOffice === null ? '' : names.office(r.holderOffice),
      names.date(r.since),
      r.days,
      r.dueDate === null ? '' : names.date(r.dueDate),
      names.priority(r.priority),
      r.overdue ? labels.yes : '',
      r.unverified ? labels.yes : '',
      r.letters.awaitingApproval,
      r.letters.awaitingDays,
      r.letters.approvedNotDispatched,
      r.letters.approvedDays,
    ]),
    totals: null,
  };
}

/** One table as a CSV file (BOM, quoted, CRLF). */
export function tableCsv(table: ReviewTable): string {
  return toCsv(table.columns, table.totals === null ? table.rows : [...table.rows, table.totals]);
}
