import { readEvents } from '@doc/record-doc.ts';
import type { LetterApprovedEvent } from '@domain/events.ts';
import type { EventId, RecordId } from '@domain/ids.ts';
import { docFromRows } from '../db/record-store.ts';
import type { PatravaliDb } from '../db/db.ts';

/**
 * A letter's approval event exactly as stored and signed, for the printed
 * letter's QR code (src/doc/letter-qr.ts). The fold keeps who and when, not
 * the signature fields, so the printed letter reads the event itself.
 */
export async function letterApprovalQuery(
  db: PatravaliDb,
  recordId: RecordId,
  approvalId: EventId,
): Promise<LetterApprovedEvent | null> {
  const doc = docFromRows(await db.updates.where('recordId').equals(recordId).toArray());
  try {
    const e = readEvents(doc).find((x) => x.id === approvalId);
    return e?.type === 'letterApproved' ? e : null;
  } finally {
    doc.destroy();
  }
}
