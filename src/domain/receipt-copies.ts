import type { CopiedFromEvent, ReceiptCopiedEvent } from './events.ts';
import type { ConflictReason, ReceiptCopy, RecordState } from './record.ts';

/**
 * A receipt sent to several people (issue 17, decision 0008): each recipient
 * gets a copy of their own to act on, as eOffice does. The first recipient
 * gets the receipt itself; for each other one the sender's tablet makes, in
 * the same transaction, a new receipt of the sender's office with its own
 * diary number, a `copiedFrom` event (the original and its letter's
 * particulars) in place of `diarised`, the same grade and scans, and a send
 * to that recipient; the original records each
 * copy with `receiptCopied`. Every copy is a record like any other: one
 * holder, its own movements, its own pendency; nothing of one copy's fate
 * (put in a file, closed) touches another.
 */

export type ReceiptCopyAcc = {
  receiptCopies: ReceiptCopy[];
  copyOf: RecordState['copyOf'];
  letter: RecordState['letter'];
};

export function applyReceiptCopy(
  s: ReceiptCopyAcc,
  e: ReceiptCopiedEvent | CopiedFromEvent,
  at: number,
): void {
  if (e.type === 'copiedFrom') {
    s.copyOf = { receipt: e.receipt, number: e.number };
    const { from, letterNumber, letterDate, mode } = e;
    s.letter = { from, letterNumber, letterDate, mode };
    return;
  }
  s.receiptCopies.push({ receipt: e.copy, number: e.number, to: e.to, by: e.actor, at });
}

/**
 * Rules: the holder of a receipt records a copy made for someone else
 * (once per copy); a copy names its original (and takes its particulars)
 * as its first event, by its creator, like a diarised receipt.
 */
export function receiptCopyRule(
  v: Pick<
    RecordState,
    'meta' | 'holder' | 'status' | 'head' | 'letter' | 'copyOf' | 'receiptCopies'
  >,
  e: ReceiptCopiedEvent | CopiedFromEvent,
): ConflictReason | null {
  if (v.meta.kind !== 'receipt') return 'notAllowed';
  if (e.type === 'copiedFrom') {
    const first = e.actor === v.meta.createdBy && v.head === null && v.letter === null;
    return first && v.copyOf === null && e.receipt !== v.meta.id ? null : 'notAllowed';
  }
  if (v.status === 'closed') return 'recordClosed';
  if (e.actor !== v.holder) return 'notHolder';
  if (e.to === e.actor || e.copy === v.meta.id) return 'notAllowed';
  return v.receiptCopies.some((c) => c.receipt === e.copy) ? 'notAllowed' : null;
}
