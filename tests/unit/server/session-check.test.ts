import { describe, expect, it } from 'vitest';
import { sessionCheckDue } from '../../../sync-server/relay/upstream-before.ts';

describe('when an office relay asks which of its sessions the district ended', () => {
  const every = 5 * 60_000;
  const checked = Date.UTC(2026, 11, 6, 10, 0);

  it('asks at start, then once the interval has passed', () => {
    expect(sessionCheckDue(checked, 0, every)).toBe(true);
    expect(sessionCheckDue(checked + every - 1, checked, every)).toBe(false);
    expect(sessionCheckDue(checked + every, checked, every)).toBe(true);
  });

  it('asks at once when its clock was set back past the last check', () => {
    // Set back an hour: without this it would check nothing for an hour and five minutes.
    expect(sessionCheckDue(checked - 60 * 60_000, checked, every)).toBe(true);
    expect(sessionCheckDue(checked - 1, checked, every)).toBe(true);
  });
});
