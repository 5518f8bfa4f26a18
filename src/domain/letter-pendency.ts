import { DAY_MS } from './calendar.ts';
import { draftStage, type DraftLetter } from './letters.ts';

/**
 * Pendency of a file's draft letters (issue 16): drafts waiting for approval
 * since they were begun, and approved letters waiting for dispatch since their
 * approval. The projection row keeps the times (`LetterTimes`, so the row does
 * not depend on `now`); the review turns them into counts and ages.
 */

export interface LetterTimes {
  /** When each draft still awaiting approval was begun (ms). */
  readonly awaitingApproval: readonly number[];
  /** When each approved, not yet dispatched letter was approved (ms). */
  readonly approvedNotDispatched: readonly number[];
}

export const NO_LETTERS: LetterTimes = { awaitingApproval: [], approvedNotDispatched: [] };

export function letterTimes(drafts: readonly DraftLetter[]): LetterTimes {
  const awaiting: number[] = [];
  const approved: number[] = [];
  for (const d of drafts) {
    const stage = draftStage(d);
    if (stage === 'awaitingApproval') awaiting.push(d.versions[0]?.at ?? 0);
    else if (stage === 'approved' && d.approval !== null) approved.push(d.approval.at);
  }
  return { awaitingApproval: awaiting, approvedNotDispatched: approved };
}

/** Counts and the oldest age in whole days, for a record or a row of records. */
export interface LetterPendency {
  readonly awaitingApproval: number;
  readonly awaitingDays: number;
  readonly approvedNotDispatched: number;
  readonly approvedDays: number;
}

export const NO_LETTER_PENDENCY: LetterPendency = {
  awaitingApproval: 0,
  awaitingDays: 0,
  approvedNotDispatched: 0,
  approvedDays: 0,
};

const oldestDays = (times: readonly number[], now: number): number =>
  times.reduce((m, t) => Math.max(m, Math.floor((now - t) / DAY_MS)), 0);

export function letterPendency(t: LetterTimes, now: number): LetterPendency {
  return {
    awaitingApproval: t.awaitingApproval.length,
    awaitingDays: oldestDays(t.awaitingApproval, now),
    approvedNotDispatched: t.approvedNotDispatched.length,
    approvedDays: oldestDays(t.approvedNotDispatched, now),
  };
}

/** Two pendencies together: counts add, the oldest age is the older one. */
export function addLetterPendency(a: LetterPendency, b: LetterPendency): LetterPendency {
  return {
    awaitingApproval: a.awaitingApproval + b.awaitingApproval,
    awaitingDays: Math.max(a.awaitingDays, b.awaitingDays),
    approvedNotDispatched: a.approvedNotDispatched + b.approvedNotDispatched,
    approvedDays: Math.max(a.approvedDays, b.approvedDays),
  };
}
