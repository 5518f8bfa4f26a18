import { describe, expect, it } from 'vitest';
import { refusedWhole } from '../../../sync-server/relay/keep-refusal.ts';

/**
 * Which refusals from the district the relay keeps as "refused whole" (decision 0013):
 * its tablets then keep nothing of the record. Only when the district holds nothing of
 * it; a record of another office it holds (outOfScope) also comes with no state.
 */
describe('a refusal refused whole', () => {
  const none = new Uint8Array(0);
  const some = new Uint8Array([1, 2, 3]);

  it('is one the district sent no state with', () => {
    expect(refusedWhole({ reason: 'keyRevoked', serverState: none })).toBe(true);
    expect(refusedWhole({ reason: 'keyRevoked', serverState: some })).toBe(false);
  });

  it('is never a record of another office, which the district holds', () => {
    expect(refusedWhole({ reason: 'outOfScope', serverState: none })).toBe(false);
  });
});
