import { LIMITS } from '@domain/events.ts';
import type { EventId, RecordId } from '@domain/ids.ts';
import type { Conflict, RecordState } from '@domain/record.ts';
import { checkEvent } from '@domain/rules.ts';
import * as commands from '@domain/commands.ts';
import { changeRecord, CommandRefused, runCommand, unwrap } from './command-runner.ts';
import { recordStateQuery } from '../db/record-queries.ts';
import type { DeviceContext, Outcome } from './service-types.ts';

/**
 * Answers to one's own work that did not take effect (a conflict, DESIGN.md
 * invariant 7): re-submit a conflicted noting's text through one's draft, or
 * dismiss the conflict with a reason, recorded in the record as a
 * `conflictDismissed` event. Nothing is ever removed from the record.
 */

/** My open conflict `eventId` on the record, or a refusal naming why not. */
function myOpenConflict(state: RecordState | null, ctx: DeviceContext, eventId: EventId): Conflict {
  if (state === null) throw new CommandRefused('notFound');
  const c = state.conflicts.find((x) => x.event.id === eventId);
  if (c === undefined || c.event.actor !== ctx.person.id || c.resolution !== null) {
    throw new CommandRefused('notAllowed', 'not an open conflict of yours');
  }
  return c;
}

/**
 * Puts the text of my conflicted noting into my draft on the record (after
 * what the draft already says) and links the draft to it, so the noting made
 * from the draft answers the conflict. Needs me to hold the file, as any
 * noting does. Returns the draft's new text.
 */
export function resubmitIntoDraft(
  ctx: DeviceContext,
  recordId: RecordId,
  eventId: EventId,
): Promise<Outcome<string>> {
  return runCommand(ctx, async () => {
    const state = await recordStateQuery(ctx.db, recordId, ctx.now());
    const c = myOpenConflict(state, ctx, eventId);
    if (c.event.type !== 'noting' || state === null) {
      throw new CommandRefused('wrongKind', c.event.type);
    }
    // The same rule as for any noting now: I must hold the file.
    const now = checkEvent(state, c.event);
    if (now !== null) throw new CommandRefused(now);
    const key: [RecordId, typeof ctx.person.id] = [recordId, ctx.person.id];
    const before = (await ctx.db.drafts.get(key))?.text.trim() ?? '';
    const text = before === '' ? c.event.text : `${before}\n\n${c.event.text}`;
    if (text.length > LIMITS.notingChars)
      throw new CommandRefused('invalidInput', 'noting too long');
    await ctx.db.drafts.put({
      recordId,
      author: ctx.person.id,
      text,
      updatedAt: ctx.now(),
      resubmits: eventId,
    });
    return text;
  });
}

/** Records that I let go of my conflicted event, with a reason; the reminder stops everywhere. */
export function dismissConflict(
  ctx: DeviceContext,
  recordId: RecordId,
  eventId: EventId,
  reason: string,
): Promise<Outcome> {
  const why = reason.trim();
  if (why.length === 0 || why.length > LIMITS.dismissReasonChars) {
    return Promise.resolve({ ok: false, error: 'invalidInput', detail: 'reason' });
  }
  return runCommand(ctx, async (scope) => {
    await changeRecord(scope, recordId, (c) => {
      myOpenConflict(c.state(), ctx, eventId);
      unwrap(commands.dismissConflict(c, { conflict: eventId, reason: why }));
    });
    return undefined;
  });
}
