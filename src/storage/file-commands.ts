import { findPerson } from '@domain/directory.ts';
import { LIMITS, type EventBase, type NotingEvent, type RecordEvent } from '@domain/events.ts';
import { asRecordId, type RecordId } from '@domain/ids.ts';
import { RECORD_SCHEMA_VERSION, type RecordMeta, type RecordState } from '@domain/record.ts';
import { err, ok } from '@domain/result.ts';
import { appendLocal, CommandRefused, runCommand, type CommandScope } from './command-runner.ts';
import { nextRecordNumber } from './numbering-store.ts';
import type {
  CreateFileInput,
  Created,
  DeviceContext,
  Outcome,
  SendInput,
} from './service-types.ts';

/**
 * Commands on files (and the movements receipts share with files). Each runs
 * in one durable transaction via runCommand; rules are the fold's own
 * (see command-runner.ts), so a refused command writes nothing.
 */

export function createFile(ctx: DeviceContext, input: CreateFileInput): Promise<Outcome<Created>> {
  return runCommand(ctx, (scope) => createFileIn(scope, input));
}

/** Creates a file inside a running command (also used by "put receipt in a new file"). */
export async function createFileIn(scope: CommandScope, input: CreateFileInput): Promise<Created> {
  const subject = input.subject.trim();
  if (subject.length === 0 || subject.length > LIMITS.subjectChars) {
    throw new CommandRefused('invalidInput', 'subject');
  }
  const number = await nextRecordNumber(scope, 'file', input.category);
  const id = asRecordId(scope.ctx.newId());
  await appendLocal(scope, id, (_state, stamp) =>
    ok({
      meta: newMeta(scope, stamp(), {
        id,
        number,
        subject,
        category: input.category,
        kind: 'file',
      }),
      events: [],
    }),
  );
  return { id, number };
}

export function newMeta(
  scope: CommandScope,
  s: EventBase,
  fields: Pick<RecordMeta, 'id' | 'number' | 'subject' | 'category' | 'kind'>,
): RecordMeta {
  return {
    schemaVersion: RECORD_SCHEMA_VERSION,
    ...fields,
    office: scope.ctx.person.office,
    createdBy: scope.ctx.person.id,
    createdAt: s.hlc,
    createdDeviceTime: s.deviceTime,
    clockVerified: s.clockVerified,
  };
}

/** Turns my draft into a green noting; the draft is removed in the same transaction. */
export function finaliseDraft(ctx: DeviceContext, recordId: RecordId): Promise<Outcome> {
  return runCommand(ctx, async (scope) => {
    const noted = await finaliseIn(scope, recordId, []);
    if (!noted) throw new CommandRefused('emptyDraft');
    return undefined;
  });
}

/**
 * Appends my draft as a noting (if there is one) followed by `more` events.
 * Returns whether a draft was finalised.
 */
async function finaliseIn(
  scope: CommandScope,
  recordId: RecordId,
  more: readonly ((state: RecordState, stamp: () => EventBase) => RecordEvent)[],
): Promise<boolean> {
  const { db, person } = scope.ctx;
  const draft = await db.drafts.get([recordId, person.id]);
  const text = draft?.text.trim() ?? '';
  await appendLocal(scope, recordId, (state, stamp) => {
    if (state === null) return err('notFound');
    const noting: NotingEvent[] = text ? [{ ...stamp(), type: 'noting', text }] : [];
    return ok({ events: [...noting, ...more.map((make) => make(state, stamp))] });
  });
  if (draft) await db.drafts.delete([recordId, person.id]);
  return text.length > 0;
}

/** Sends the record on; my draft noting (if any) is finalised first, in the same transaction. */
export function sendRecord(
  ctx: DeviceContext,
  recordId: RecordId,
  input: SendInput,
): Promise<Outcome> {
  return runCommand(ctx, async (scope) => {
    if (!findPerson(ctx.directory, input.to)) throw new CommandRefused('unknownPerson', input.to);
    await finaliseIn(scope, recordId, [
      (state, stamp) => ({
        ...stamp(),
        type: 'sent',
        basis: state.head,
        to: input.to,
        remarks: input.remarks.trim(),
        dueDate: input.dueDate,
        priority: input.priority,
      }),
    ]);
    return undefined;
  });
}

/** The recipient opened a record awaiting open; a no-op if it is not awaiting me. */
export function markOpened(ctx: DeviceContext, recordId: RecordId): Promise<Outcome> {
  return runCommand(ctx, async (scope) => {
    await appendLocal(scope, recordId, (state, stamp) => {
      if (state === null) return err('notFound');
      if (!state.awaitingOpen || state.holder !== ctx.person.id) return ok({ events: [] });
      return ok({ events: [{ ...stamp(), type: 'opened', basis: state.head }] });
    });
    return undefined;
  });
}

type SimpleMove = 'pulledBack' | 'parked' | 'closed' | 'reopened';

function move(
  ctx: DeviceContext,
  recordId: RecordId,
  type: SimpleMove,
  remarks: string,
): Promise<Outcome> {
  return runCommand(ctx, async (scope) => {
    await appendLocal(scope, recordId, (state, stamp) => {
      if (state === null) return err('notFound');
      const base = { ...stamp(), basis: state.head };
      const event: RecordEvent =
        type === 'parked' || type === 'closed'
          ? { ...base, type, remarks: remarks.trim() }
          : { ...base, type };
      return ok({ events: [event] });
    });
    return undefined;
  });
}

export const pullBack = (ctx: DeviceContext, recordId: RecordId): Promise<Outcome> =>
  move(ctx, recordId, 'pulledBack', '');
export const park = (ctx: DeviceContext, recordId: RecordId, remarks = ''): Promise<Outcome> =>
  move(ctx, recordId, 'parked', remarks);
export const closeFile = (ctx: DeviceContext, recordId: RecordId, remarks = ''): Promise<Outcome> =>
  move(ctx, recordId, 'closed', remarks);
export const reopen = (ctx: DeviceContext, recordId: RecordId): Promise<Outcome> =>
  move(ctx, recordId, 'reopened', '');
