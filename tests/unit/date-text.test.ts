import { describe, expect, it } from 'vitest';
import { dateFieldText, dateFieldValue, parseDateText } from '@ui/date-text.ts';

describe('dates typed day-month-year', () => {
  it('reads the ways offices write a date, and nothing that is no date', () => {
    for (const text of ['18-11-2026', '18/11/2026', '18.11.2026', '18 11 2026', '18-11-26'])
      expect(parseDateText(text)).toBe('2026-11-18');
    expect(parseDateText('5-3-2026')).toBe('2026-03-05');
    expect(parseDateText('18112026')).toBe('2026-11-18');
    expect(parseDateText('१८-११-२०२६')).toBe('2026-11-18');
    expect(parseDateText(' 2026-11-18 ')).toBe('2026-11-18');
    for (const text of ['', '31-02-2026', '29-02-2027', '11/18/2026', '18-11', 'कल', '2026-13-01'])
      expect(parseDateText(text)).toBeNull();
    expect(parseDateText('29-02-2028')).toBe('2028-02-29');
  });

  it('holds a date as YYYY-MM-DD, nothing as empty, and other text as itself', () => {
    expect(dateFieldValue('18/11/2026')).toBe('2026-11-18');
    expect(dateFieldValue('  ')).toBe('');
    expect(dateFieldValue('31-02-2026')).toBe('31-02-2026');
    expect(dateFieldText('2026-11-18')).toBe('18-11-2026');
    expect(dateFieldText('31-02-2026')).toBe('31-02-2026');
  });
});
