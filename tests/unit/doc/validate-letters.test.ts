import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { validateUpdate, type UpdateContext } from '@doc/validate-update.ts';
import type { LetterContent } from '@domain/events.ts';
import { letterHash } from '@domain/letters.ts';
import { letterInsert } from '../../fixtures/attack-updates.ts';
import { CLERK, NAIB, T0, TEHSILDAR, eid, ev, meta } from '../domain/builders.ts';
import { appendTo, createdState } from './helpers.ts';

/**
 * The letter checks of validateUpdate (src/doc/check-letters.ts) in every
 * order an update can bring them; the real server's refusals are in
 * tests/integration/letters.test.ts.
 */

const CONTENT: LetterContent = {
  to: 'जिलाधिकारी, देहरादून',
  subject: 'आख्या',
  reference: null,
  hindi: 'महोदय, आख्या प्रस्तुत है।',
  english: '',
};
const tehsildar: UpdateContext = { actor: TEHSILDAR, role: 'tehsildar' };
const naib: UpdateContext = { actor: NAIB, role: 'naibTehsildar' };
const drafted = ev(1, 'letterDrafted', CLERK, T0 + 1, { template: 'report', ...CONTENT });
const current = createdState(meta(), [drafted]);
const hash = letterHash(meta().id, eid(1), CONTENT);
const approval = (n: number, actor = TEHSILDAR, version = eid(1), textHash = hash) =>
  ev(n, 'letterApproved', actor, T0 + n, { draft: eid(1), version, textHash });
const revision = (n: number, actor = TEHSILDAR, hindi = 'संशोधित') =>
  ev(n, 'letterRevised', actor, T0 + n, { draft: eid(1), ...CONTENT, hindi });

function verdict(cur: Uint8Array, update: Uint8Array, ctx: UpdateContext = tehsildar) {
  const r = validateUpdate(cur, update, ctx);
  return r.ok ? 'accepted' : r.error.reason;
}

describe('validateUpdate: draft letters', () => {
  it('accepts a revision, then an approval of the revised version with its hash', () => {
    const rev = revision(2);
    const after = Y.mergeUpdates([current, appendTo(current, [rev])]);
    const revHash = letterHash(meta().id, eid(1), { ...CONTENT, hindi: 'संशोधित' });
    expect(verdict(after, appendTo(after, [approval(3, TEHSILDAR, eid(2), revHash)]))).toBe(
      'accepted',
    );
    // Approving the first version still names its own text: the approver read that one.
    expect(verdict(after, appendTo(after, [approval(3)]))).toBe('accepted');
  });

  it('refuses a revision after a stored approval, or after one earlier in the same update', () => {
    const approved = Y.mergeUpdates([current, appendTo(current, [approval(2)])]);
    expect(verdict(approved, appendTo(approved, [revision(3)]))).toBe('letterFrozen');
    expect(verdict(approved, appendTo(approved, [approval(3)]))).toBe('letterFrozen');
    expect(verdict(current, appendTo(current, [approval(2), revision(3)]))).toBe('letterFrozen');
    // A revision before the approval in one update is what the approver saw being approved.
    expect(verdict(current, appendTo(current, [revision(2), approval(3)]))).toBe('accepted');
  });

  it('refuses an approval by a role outside the office’s list; the directory sets the list', () => {
    expect(verdict(current, appendTo(current, [approval(2, NAIB)]), naib)).toBe(
      'approverForbidden',
    );
    const naibApproves = { ...naib, approverRoles: () => ['naibTehsildar'] as const };
    expect(verdict(current, appendTo(current, [approval(2, NAIB)]), naibApproves)).toBe('accepted');
    const onlySdm = { ...tehsildar, approverRoles: () => ['sdm'] as const };
    expect(verdict(current, appendTo(current, [approval(2)]), onlySdm)).toBe('approverForbidden');
  });

  it('refuses an approval whose hash is not its version’s, or naming no version', () => {
    expect(
      verdict(current, appendTo(current, [approval(2, TEHSILDAR, eid(1), 'f'.repeat(64))])),
    ).toBe('letterHashMismatch');
    expect(verdict(current, appendTo(current, [approval(2, TEHSILDAR, eid(99))]))).toBe(
      'eventMalformed',
    );
  });

  it('refuses a dispatch before approval, and letter events naming no draft', () => {
    const dispatch = ev(2, 'letterDispatched', TEHSILDAR, T0 + 2, {
      draft: eid(1),
      mode: 'post',
      date: '2026-01-06',
      number: 'VKN/DSP/2026/3-1(I)',
    });
    expect(verdict(current, appendTo(current, [dispatch]))).toBe('letterNotApproved');
    expect(verdict(current, appendTo(current, [approval(3), { ...dispatch, id: eid(4) }]))).toBe(
      'accepted',
    );
    const stray = { ...revision(2), draft: eid(50) };
    expect(verdict(current, appendTo(current, [stray]))).toBe('eventMalformed');
  });

  it('still refuses text written into the `letter` Y.Text', () => {
    expect(verdict(current, letterInsert(current, 'सेवा में'))).toBe('letterNotEnabled');
  });
});
