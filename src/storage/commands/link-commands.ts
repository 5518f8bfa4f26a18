import { linkFile, unlinkFile, unlinkFromLinked } from '@domain/file-link-commands.ts';
import type { LinkTarget } from '@domain/file-links.ts';
import { mayRead } from '@domain/grades.ts';
import type { RecordId } from '@domain/ids.ts';
import { changeRecord, runCommand, unwrap } from './command-runner.ts';
import type { DeviceContext, Outcome } from './service-types.ts';

/**
 * `Link file` on the device (file-links.ts): the holder of `fileId` links the
 * file `targetId` as this tablet knows it (its projection row), one event on
 * `fileId` in one durable transaction. A file not on this tablet, or one the
 * signed-in person may not read, is not known: the link is refused.
 */
export function linkFiles(
  ctx: DeviceContext,
  fileId: RecordId,
  targetId: RecordId,
): Promise<Outcome> {
  return runCommand(ctx, async (scope) => {
    const row = await ctx.db.records.get(targetId);
    const known = row !== undefined && mayRead(row, ctx.person.id);
    const target: LinkTarget = known
      ? row
      : { id: targetId, kind: 'file', number: '', subject: '', grade: 'secret' };
    await changeRecord(scope, fileId, (c) => unwrap(linkFile(c, target)));
    return undefined;
  });
}

/** `Remove link` on the device: the holder of `fileId` removes its link to `targetId`. */
export function unlinkFiles(
  ctx: DeviceContext,
  fileId: RecordId,
  targetId: RecordId,
): Promise<Outcome> {
  return runCommand(ctx, async (scope) => {
    await changeRecord(scope, fileId, (c) => unwrap(unlinkFile(c, targetId)));
    return undefined;
  });
}

/**
 * `Remove link` from the linked file's side: the holder of `linkedId` removes
 * the link the file `linkingId` made to it (an event on `linkingId`), in one
 * durable transaction that reads `linkedId` as this tablet has it.
 */
export function unlinkFromLinkedFile(
  ctx: DeviceContext,
  linkingId: RecordId,
  linkedId: RecordId,
): Promise<Outcome> {
  return runCommand(ctx, async (scope) => {
    await changeRecord(scope, linkedId, (linked) =>
      changeRecord(scope, linkingId, (c) => unwrap(unlinkFromLinked(c, linked.state()))),
    );
    return undefined;
  });
}
