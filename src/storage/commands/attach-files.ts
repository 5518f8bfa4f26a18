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
 * main file's move too, so the files never part.
 */
export async function moveAttached(
  scope: CommandScope,
  main: RecordChange,
  command: (file: RecordChange) => DomainOutcome<unknown>,
): Promise<void> {
  for (const a of main.state()?.attached ?? [])
    await changeRecord(scope, a.file, (file) => unwrap(command(file)));
}

/** The send of an attached file that goes with its main file's send. */
export const sendWith =
  (mainId: RecordId, input: commands.SendInput) =>
  (file: RecordChange): DomainOutcome<unknown> => {
    const { to, remarks, dueDate, priority } = input;
    return commands.send(file, { to, remarks, dueDate, priority, withFile: mainId });
  };
