import type { RecordChange } from './change.ts';
import type { RecordEvent } from './events.ts';
import type { PersonId, RecordId } from './ids.ts';
import { refused, type Outcome } from './outcome.ts';
import type { RecordState } from './record.ts';

/**
 * The commands of a receipt sent to several people (receipt-copies.ts):
 * the first event of a new receipt made as a copy of `original`, and the
 * original's record of a copy made for `to`.
 */

/** A new receipt's first event: it is a copy of `original`, with its letter's particulars. */
export function copyReceiptFrom(c: RecordChange, original: RecordState): Outcome<RecordEvent> {
  const { letter, meta } = original;
  if (meta.kind !== 'receipt' || letter === null) return refused('wrongKind');
  return c.add({ type: 'copiedFrom', receipt: meta.id, number: meta.number, ...letter });
}

/** On the original, by its holder: a copy `copy` numbered `number` was made for `to`. */
export function recordReceiptCopy(
  c: RecordChange,
  input: { readonly copy: RecordId; readonly number: string; readonly to: PersonId },
): Outcome<RecordEvent> {
  return c.add({ type: 'receiptCopied', ...input });
}
