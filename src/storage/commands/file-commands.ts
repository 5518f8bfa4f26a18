import * as commands from '@domain/commands.ts';
import type { MetaFields, RecordChange } from '@domain/change.ts';
import { findPerson } from '@domain/directory.ts';
import { closureApprovers } from '@domain/closure.ts';
import { asRecordId, type PersonId, type RecordId } from '@domain/ids.ts';
import type { Retention } from '@domain/record.ts';
import {
  changeRecord,
  CommandRefused,
  runCommand,
  unwrap,
  type CommandScope,
} from './command-runner.ts';
import { gradeNew } from './grade-commands.ts';
import { makeReceiptCopies } from './receipt-copies.ts';
import { moveAttached, sendWith } from './attach-files.ts';
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
 * in one durable transaction via runCommand and makes its events with the
 * domain's commands, so a refused command writes nothing.
 */

export function createFile(ctx: DeviceContext, input: CreateFileInput): Promise<Outcome<Created>> {
  return runCommand(ctx, (scope) => createFileIn(scope, input));
}

/** Creates a file inside a running command (also used by "put receipt in a new file"). */
export async function createFileIn(scope: CommandScope, input: CreateFileInput): Promise<Created> {
  const number = await nextRecordNumber(scope, 'file', input.category);
  const id = asRecordId(scope.ctx.newId());
  const fields = newRecordFields(scope, { kind: 'file', id, number }, input);
  await changeRecord(scope, id, (c) => {
    unwrap(commands.createRecord(c, fields));
    gradeNew(scope.ctx, c, input.grade);
  });
  return { id, number };
}

/** The meta fields of a new record of my office. */
export function newRecordFields(
  scope: CommandScope,
  record: Pick<MetaFields, 'kind' | 'id' | 'number'>,
  input: CreateFileInput,
): MetaFields {
  const { subject, category } = input;
  return { ...record, subject, category, office: scope.ctx.person.office };
}

/** Turns my draft into a green noting; the draft is removed in the same transaction. */
export function finaliseDraft(ctx: DeviceContext, recordId: RecordId): Promise<Outcome> {
  return runCommand(ctx, async (scope) => {
    const noted = await changeRecord(scope, recordId, (c) => finaliseIn(scope, c));
    if (!noted) throw new CommandRefused('emptyDraft');
    return undefined;
  });
}

/** Adds my draft (if there is one) to the change as a noting; returns whether it did. */
async function finaliseIn(scope: CommandScope, c: RecordChange): Promise<boolean> {
  const { db, person } = scope.ctx;
  const state = c.state();
  if (state === null) throw new CommandRefused('notFound');
  const key: [RecordId, typeof person.id] = [state.meta.id, person.id];
  const draft = await db.drafts.get(key);
  const text = draft?.text.trim() ?? '';
  if (text) {
    const noting = unwrap(commands.note(c, { text }));
    // A draft that re-submits lost words answers that conflict in the same change,
    // unless another device of mine answered it meanwhile (the noting goes on regardless).
    const lost = state.conflicts.find((x) => x.event.id === draft?.resubmits);
    if (lost !== undefined && lost.resolution === null && lost.event.actor === person.id) {
      unwrap(commands.conflictResubmitted(c, { conflict: lost.event.id, noting: noting.id }));
    }
  }
  if (draft) await db.drafts.delete(key);
  return text.length > 0;
}

/** Sends the record on; my draft noting (if any) is finalised first, in the same change. */
export function sendRecord(
  ctx: DeviceContext,
  recordId: RecordId,
  input: SendInput,
): Promise<Outcome> {
  return runCommand(ctx, async (scope) => {
    const alsoTo = input.alsoTo ?? [];
    for (const person of [input.to, ...(input.copyTo ?? []), ...alsoTo])
      if (!findPerson(ctx.directory, person)) throw new CommandRefused('unknownPerson', person);
    await changeRecord(scope, recordId, async (c) => {
      await finaliseIn(scope, c);
      await makeReceiptCopies(scope, c, alsoTo, input);
      unwrap(commands.send(c, input));
      // Files attached under this one go to the same person in the same transaction.
      await moveAttached(scope, c, sendWith(recordId, input));
    });
    return undefined;
  });
}

/** Runs one domain command on one record in its own transaction. */
function single(
  ctx: DeviceContext,
  recordId: RecordId,
  command: (c: RecordChange) => Outcome<unknown>,
): Promise<Outcome> {
  return runCommand(ctx, async (scope) => {
    await changeRecord(scope, recordId, (c) => unwrap(command(c)));
    return undefined;
  });
}

/** A move of a file and, in the same transaction, of each file attached under it. */
function moving(
  ctx: DeviceContext,
  recordId: RecordId,
  command: (c: RecordChange) => Outcome<unknown>,
): Promise<Outcome> {
  return runCommand(ctx, async (scope) => {
    await changeRecord(scope, recordId, async (c) => {
      unwrap(command(c));
      await moveAttached(scope, c, command);
    });
    return undefined;
  });
}

/** The recipient opened a record awaiting open; a no-op if it is not awaiting me. */
export const markOpened = (ctx: DeviceContext, recordId: RecordId): Promise<Outcome> =>
  moving(ctx, recordId, commands.open);
export const pullBack = (ctx: DeviceContext, recordId: RecordId): Promise<Outcome> =>
  moving(ctx, recordId, commands.pullBack);
export const park = (ctx: DeviceContext, recordId: RecordId, remarks = ''): Promise<Outcome> =>
  single(ctx, recordId, (c) => commands.park(c, { remarks }));
/**
 * Closes a file, with the retention category and review date chosen (records
 * life cycle) and the officer who approved the closure (closure.ts), one of
 * the file office's closure approvers.
 */
export const closeFile = (
  ctx: DeviceContext,
  recordId: RecordId,
  remarks = '',
  retention?: Retention,
  approvedBy?: PersonId,
): Promise<Outcome> =>
  single(ctx, recordId, (c) =>
    commands.close(c, {
      remarks,
      ...(retention !== undefined && { retention }),
      ...(approvedBy !== undefined && {
        approvedBy,
        approvers: closureApprovers(ctx.directory, c.state()?.meta.office ?? ctx.person.office).map(
          (p) => p.id,
        ),
      }),
    }),
  );
/** I read the file sent to me for information (`Copy to`): it leaves my For information list. */
export const markCopySeen = (ctx: DeviceContext, recordId: RecordId): Promise<Outcome> =>
  single(ctx, recordId, commands.markSeen);
/** I withdraw the copy for information I sent `person` (`Copy to`): it leaves their list. */
export const withdrawCopy = (
  ctx: DeviceContext,
  recordId: RecordId,
  person: PersonId,
): Promise<Outcome> => single(ctx, recordId, (c) => commands.withdrawCopy(c, person));
export const reopen = (ctx: DeviceContext, recordId: RecordId): Promise<Outcome> =>
  single(ctx, recordId, commands.reopen);
