import { LIMITS } from '@domain/events.ts';
import type { RecordId } from '@domain/ids.ts';
import type { DeviceContext, Outcome } from './service-types.ts';

/**
 * Yellow (draft) notings, table `drafts`, keyed by [recordId+author]. Every
 * read and write uses the signed-in person as author, so one person never
 * sees or changes another's draft on a shared tablet. Finalising turns a
 * draft into a noting event (file-commands.ts) and deletes it in the same
 * transaction.
 */

export async function saveDraft(
  ctx: DeviceContext,
  recordId: RecordId,
  text: string,
  /** When the text was taken (the typing's time); now unless given. */
  takenAt: number = ctx.now(),
): Promise<Outcome> {
  if (text.length > LIMITS.newNotingChars)
    return { ok: false, error: 'invalidInput', detail: 'noting too long' };
  // One read-write transaction: no other write to the draft (a conflict re-submitted
  // into it, a finalise) can land between reading what it replaces and writing it.
  // The time the text was taken, before any wait: typing after it is newer (unsaved-typing.ts).
  const updatedAt = takenAt;
  const { db } = ctx;
  return db.transaction('rw', db.records, db.drafts, async (): Promise<Outcome> => {
    const record = await db.records.get(recordId);
    if (!record) return { ok: false, error: 'notFound' };
    if (record.kind !== 'file') return { ok: false, error: 'wrongKind' };
    // Saving what was typed keeps the draft's link to a conflicted noting it re-submits.
    const before = await db.drafts.get([recordId, ctx.person.id]);
    await db.drafts.put({
      recordId,
      author: ctx.person.id,
      text,
      updatedAt,
      ...(before?.resubmits === undefined ? {} : { resubmits: before.resubmits }),
    });
    return { ok: true, value: undefined };
  });
}

/** My draft noting on this record, or null. Never another person's. */
export async function getDraft(ctx: DeviceContext, recordId: RecordId): Promise<string | null> {
  const row = await ctx.db.drafts.get([recordId, ctx.person.id]);
  return row?.text ?? null;
}

/** My draft noting on this record with when it was saved, or null. */
export async function storedDraft(
  ctx: DeviceContext,
  recordId: RecordId,
): Promise<{ readonly text: string; readonly updatedAt: number } | null> {
  const row = await ctx.db.drafts.get([recordId, ctx.person.id]);
  return row === undefined ? null : { text: row.text, updatedAt: row.updatedAt };
}

export async function discardDraft(ctx: DeviceContext, recordId: RecordId): Promise<void> {
  await ctx.db.drafts.delete([recordId, ctx.person.id]);
}
