import { describe, expect, it } from 'vitest';
import { buildReview, officeLookup } from '@domain/review.ts';
import { printModel } from '@ui/review/print-model.ts';
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

describe('A4 print model', () => {
  it('has Hindi headings, the as-of time and "page n of m" on every page', () => {
    const model = printModel(report(3), HI_LABELS, NAMES);
    expect(model.title).toBe('लंबितता समीक्षा');
    expect(model.asOf).toBe(`${new Date(now).toISOString()} की स्थिति`);
    expect(model.pages.map((p) => p.sectionTitle)).toEqual([
      'कार्यालयवार',
      'व्यक्तिवार',
      'लंबित अभिलेख',
    ]);
    expect(model.pages.map((p) => p.label)).toEqual(['पृष्ठ 1 / 3', 'पृष्ठ 2 / 3', 'पृष्ठ 3 / 3']);
    expect(model.pages[0]?.columns[0]).toBe('कार्यालय');
  });

  it('splits long tables across pages, repeating headings and closing with the totals', () => {
    const model = printModel(report(25), HI_LABELS, NAMES, { rowsPerPage: 10 });
    const recordPages = model.pages.filter((p) => p.sectionTitle === 'लंबित अभिलेख');
    expect(recordPages.map((p) => p.rows.length)).toEqual([10, 10, 5]);
    expect(recordPages.map((p) => p.continued)).toEqual([false, true, true]);
    expect(new Set(recordPages.map((p) => p.columns[1]))).toEqual(new Set(['विषय']));
    expect(model.pageCount).toBe(model.pages.length);
    expect(model.pages.map((p) => p.number)).toEqual(model.pages.map((_, i) => i + 1));
    const officePage = model.pages[0];
    expect(officePage?.totals?.[0]).toBe('कुल');
    expect(officePage?.totals?.[5]).toBe('25');
  });

  it('still prints the section headings when nothing is pending', () => {
    const model = printModel(report(0), HI_LABELS, NAMES, { includeRecords: false });
    expect(model.pages).toHaveLength(2);
    expect(model.pages.every((p) => p.rows.length === 0 && p.totals === null)).toBe(true);
  });
});
