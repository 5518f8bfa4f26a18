import { findPerson } from '@domain/directory.ts';
import type { RecordChange } from '@domain/change.ts';
import type { Grade } from '@domain/events.ts';
import { changeGrade, grantAccess } from '@domain/grade-commands.ts';
import type { PersonId, RecordId } from '@domain/ids.ts';
import { CommandRefused, changeRecord, runCommand, unwrap } from './command-runner.ts';
import { officersOf } from './officers.ts';
import type { DeviceContext, Outcome } from './service-types.ts';

/**
 * Security grades on the device (issue 17): the grade chosen when a file or
 * receipt is created, a later change of it, and a reader named by the holder.
 * The domain's grade commands (one definition, judged the same by the server).
 */

/** In the change that creates a record: its grade, unless normal (then nothing is recorded). */
export function gradeNew(ctx: DeviceContext, c: RecordChange, grade: Grade | undefined): void {
  if (grade === undefined || grade === 'normal') return;
  unwrap(changeGrade(c, { grade, officers: officersOf(ctx) }));
}

export function changeRecordGrade(
  ctx: DeviceContext,
  recordId: RecordId,
  grade: Grade,
): Promise<Outcome> {
  return runCommand(ctx, async (scope) => {
    await changeRecord(scope, recordId, (c) =>
      unwrap(changeGrade(c, { grade, officers: officersOf(ctx) })),
    );
    return undefined;
  });
}

/** The holder names `person` to the access list of a confidential or secret record. */
export function grantRecordAccess(
  ctx: DeviceContext,
  recordId: RecordId,
  person: PersonId,
): Promise<Outcome> {
  return runCommand(ctx, async (scope) => {
    if (!findPerson(ctx.directory, person)) throw new CommandRefused('unknownPerson', person);
    await changeRecord(scope, recordId, (c) => unwrap(grantAccess(c, { person })));
    return undefined;
  });
}
