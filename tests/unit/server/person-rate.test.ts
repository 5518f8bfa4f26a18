import { describe, expect, it } from 'vitest';
import { createPersonRate } from '../../../sync-server/http/person-rate.ts';

describe('per-person request rate', () => {
  it('allows a minute’s worth at once, then one per interval, and says how long to wait', () => {
    const rate = createPersonRate(60);
    for (let i = 0; i < 60; i++) expect(rate.take('clerk', 0)).toBeNull();
    expect(rate.take('clerk', 0)).toBe(1000);
    expect(rate.take('clerk', 400)).toBe(600);
    expect(rate.take('clerk', 1000)).toBeNull();
    expect(rate.take('clerk', 1000)).toBe(1000);
    // Others are not held back by the clerk.
    expect(rate.take('naib', 1000)).toBeNull();
  });

  it('refills no further than a minute’s worth after a long pause', () => {
    const rate = createPersonRate(2);
    expect(rate.take('dm', 0)).toBeNull();
    expect(rate.take('dm', 0)).toBeNull();
    const later = 10 * 60_000;
    expect(rate.take('dm', later)).toBeNull();
    expect(rate.take('dm', later)).toBeNull();
    expect(rate.take('dm', later)).toBe(30_000);
  });

  it('is off at 0', () => {
    const rate = createPersonRate(0);
    for (let i = 0; i < 1000; i++) expect(rate.take('clerk', 0)).toBeNull();
  });
});
