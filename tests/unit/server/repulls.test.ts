import { describe, expect, it } from 'vitest';
import { createRepulls } from '../../../sync-server/sync/repulls.ts';

/**
 * A device pulling everything again from cursor 0 gets its own pushes on every
 * page until it reaches the head it started at (tests/integration/server-durability
 * shows it against a real server: the own file came on the second page).
 */
describe('repulls', () => {
  it('includes own pushes from cursor 0 until the head the pull started at', () => {
    const r = createRepulls();
    expect(r.includesOwn('tablet-a', 0, 72)).toBe(true);
    expect(r.includesOwn('tablet-a', 40, 72)).toBe(true); // page two of the same pull
    expect(r.includesOwn('tablet-b', 40, 72)).toBe(false); // another device: an ordinary pull
    expect(r.includesOwn('tablet-a', 72, 75)).toBe(false); // reached the head: ordinary again
    expect(r.includesOwn('tablet-a', 73, 75)).toBe(false);
  });

  it('starts again when the device pulls from 0 again', () => {
    const r = createRepulls();
    r.includesOwn('tablet-a', 0, 10);
    r.includesOwn('tablet-a', 10, 10);
    expect(r.includesOwn('tablet-a', 5, 10)).toBe(false);
    expect(r.includesOwn('tablet-a', 0, 12)).toBe(true);
    expect(r.includesOwn('tablet-a', 5, 12)).toBe(true);
  });
});
