import type { ReviewReport } from '@domain/review.ts';
import { BOM, csvLine } from '../../review/csv.ts';
import type { ReviewLabels, ReviewNames } from '../../review/labels.ts';
import { officeTable, personTable, recordTable } from '../../review/review-tables.ts';
import type { ReviewTable } from '../../review/review-tables.ts';

/**
 * The whole review as one CSV file for the meeting: "as of" line, then the
 * office, person and record tables, each under its title, separated by a
 * blank line. UTF-8 with BOM and CRLF, as csv.ts writes single tables.
 */
export function reviewCsv(report: ReviewReport, labels: ReviewLabels, names: ReviewNames): string {
  const tables: ReviewTable[] = [
    officeTable(report, labels, names),
    personTable(report, labels, names),
    recordTable(report.records, labels, names),
  ];
  const lines = [csvLine([labels.title]), csvLine([labels.asOf(names.dateTime(report.asOf))])];
  for (const table of tables) {
    lines.push('', csvLine([table.title]), csvLine(table.columns));
    for (const row of table.rows) lines.push(csvLine(row));
    if (table.totals !== null) lines.push(csvLine(table.totals));
  }
  return BOM + lines.map((l) => `${l}\r\n`).join('');
}
