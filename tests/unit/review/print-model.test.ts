import { describe, expect, it } from 'vitest';
import { buildReview, officeLookup } from '@domain/review.ts';
import { pageCounterCss, printModel } from '@ui/review/print-model.ts';
import { DAY, T0 } from '../domain/builders.ts';
import { CHK, CHK_CLERK, DIRECTORY, item } from './fixtures.ts';
import { HI_LABELS, NAMES } from './labels.ts';

const now = T0 + 90 * DAY;
const report = (count: number) =>
  buildReview(
    Array.from({ length: count }, (_, i) =>
      i % 2 === 0
        ? item({ n: i + 1, createdAt: now - i * DAY }, [], now)
        : item({ n: i + 1, createdBy: CHK_CLERK, office: CHK, createdAt: now - i * DAY }, [], now),
    ),
    { now, officeOf: officeLookup(DIRECTORY), reach: { kind: 'district' }, filter: {}, weeks: 4 },
  );

describe('print model of the review', () => {
  it('has Hindi headings, the as-of time, and every table whole, with its totals', () => {
    const model = printModel(report(25), HI_LABELS, NAMES);
    expect(model.title).toBe('लंबितता समीक्षा');
    expect(model.asOf).toBe(`${new Date(now).toISOString()} की स्थिति`);
    expect(model.sections.map((s) => [s.kind, s.title])).toEqual([
      ['offices', 'कार्यालयवार'],
      ['people', 'व्यक्तिवार'],
      ['records', 'लंबित अभिलेख'],
    ]);
    expect(model.sections[0]?.columns[0]).toBe('कार्यालय');
    // No row is left out or cut into pages here: the browser paginates the printed tables.
    expect(model.sections[2]?.rows).toHaveLength(25);
    expect(model.sections[2]?.columns[1]).toBe('विषय');
    expect(model.sections[0]?.totals?.[0]).toBe('कुल');
    expect(model.sections[0]?.totals?.[5]).toBe('25');
  });

  it('still prints the section headings when nothing is pending', () => {
    const model = printModel(report(0), HI_LABELS, NAMES, { includeRecords: false });
    expect(model.sections).toHaveLength(2);
    expect(model.sections.every((s) => s.rows.length === 0 && s.totals === null)).toBe(true);
  });

  it('puts the browser\'s page counters into "page n of m", quoting the words for CSS', () => {
    expect(model().pageCounter).toBe('"पृष्ठ " counter(page) " / " counter(pages)');
    expect(pageCounterCss({ pageOf: (p, c) => `Page "${p}" of \\ ${c}` })).toBe(
      '"Page \\"" counter(page) "\\" of \\\\ " counter(pages)',
    );
  });
});

function model() {
  return printModel(report(1), HI_LABELS, NAMES);
}
