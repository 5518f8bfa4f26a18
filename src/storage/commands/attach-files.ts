import * as commands from '@domain/commands.ts';
import type { RecordChange } from '@domain/change.ts';
import { attachUnder, detachFrom } from '@domain/file-attach-commands.ts';
import type { RecordId } from '@domain/ids.ts';
import type { Outcome as DomainOutcome } from '@domain/outcome.ts';
import { changeRecord, runCommand, unwrap, type CommandScope } from './command-runner.ts';
import type { DeviceContext, Outcome } from './service-types.ts';

/**
 * Files attached under another on the device (@domain/file-attach.ts): attach
 * and detach change both files in one durable transaction, and the main file's
 * moves (send, pull back, open) carry its attached files along in the same one.
 */

/** The holder of both attaches `fileId` under `mainId`. */
export function attachFileUnder(
  ctx: DeviceContext,
  mainId: RecordId,
  fileId: RecordId,
): Promise<Outcome> {
  return pair(ctx, mainId, fileId, attachUnder);
}

/** The holder of the main file detaches `fileId` from it: it moves on its own again. */
export function detachFile(
  ctx: DeviceContext,
  mainId: RecordId,
  fileId: RecordId,
): Promise<Outcome> {
  return pair(ctx, mainId, fileId, detachFrom);
}

function pair(
  ctx: DeviceContext,
  mainId: RecordId,
  fileId: RecordId,
  command: (main: RecordChange, file: RecordChange) => DomainOutcome<undefined>,
): Promise<Outcome> {
  return runCommand(ctx, async (scope) => {
    await changeRecord(scope, mainId, (main) =>
      changeRecord(scope, fileId, (file) => unwrap(command(main, file))),
    );
    return undefined;
  });
}

/**
 * Runs `command` on each file attached under the main file `main` (as `main`
 * stands after its own move), in the caller's transaction: a refusal aborts the
 * main file's move too, so the files never part. A file the main one lists but
 * that does not name it back (its attach lost to a concurrent move made
 * offline, or it is not on this tablet) is left alone: it moves on its own, and
 * must not hold the main file back.
 */
export async function moveAttached(
  scope: CommandScope,
  main: RecordChange,
  command: (file: RecordChange) => DomainOutcome<unknown>,
): Promise<void> {
  const state = main.state();
  if (state === null) return;
  for (const a of state.attached) {
    if ((await scope.ctx.db.records.get(a.file)) === undefined) continue;
    await changeRecord(scope, a.file, (file) => {
      if (file.state()?.attachedUnder?.file === state.meta.id) unwrap(command(file));
    });
  }
}

/** The send of an attached file that goes with its main file's send. */
export const sendWith =
  (mainId: RecordId, input: commands.SendInput) =>
  (file: RecordChange): DomainOutcome<unknown> => {
    const { to, remarks, dueDate, priority } = input;
    return commands.send(file, { to, remarks, dueDate, priority, withFile: mainId });
  };
