import { describe, expect, it } from 'vitest';
import { createPersonBytes, officeDay } from '../../../sync-server/http/person-bytes.ts';

const HOUR = 60 * 60 * 1000;
/** 2026-04-01 10:00 UTC = 15:30 in India. */
const T = Date.UTC(2026, 3, 1, 10, 0);

describe('bytes per person per day', () => {
  it('ends the office day at midnight in India (18:30 UTC)', () => {
    expect(officeDay(T).endsAt).toBe(Date.UTC(2026, 3, 1, 18, 30));
    expect(officeDay(Date.UTC(2026, 3, 1, 18, 30)).day).toBe(officeDay(T).day + 1);
    expect(officeDay(Date.UTC(2026, 3, 1, 18, 29)).day).toBe(officeDay(T).day);
  });

  it('takes requests until the allowance is used up, then refuses until the day ends', () => {
    const bytes = createPersonBytes(1_000);
    expect(bytes.charge('clerk', 600, T)).toBeNull();
    expect(bytes.charge('clerk', 600, T)).toBeNull(); // crosses the line: still taken
    expect(bytes.charge('clerk', 1, T)).toBe(8.5 * HOUR);
    expect(bytes.charge('naib', 999, T)).toBeNull(); // each person has their own day
    expect(bytes.charge('clerk', 1, T + 8.5 * HOUR - 1)).toBe(1);
    expect(bytes.charge('clerk', 1, T + 8.5 * HOUR)).toBeNull();
  });

  it('is off at 0', () => {
    const bytes = createPersonBytes(0);
    expect(bytes.charge('clerk', 10 ** 12, T)).toBeNull();
    expect(bytes.charge('clerk', 10 ** 12, T)).toBeNull();
  });
});
