import { closeVolume } from '@domain/volume-commands.ts';
import type { RecordId } from '@domain/ids.ts';
import { changeRecord, runCommand, unwrap } from './command-runner.ts';
import type { DeviceContext, Outcome } from './service-types.ts';

/**
 * `Close volume` on the device (@domain/volumes.ts): the holder of `fileId`
 * closes the volume being written, one event in one durable transaction; the
 * file continues in the next volume.
 */
export function closeFileVolume(ctx: DeviceContext, fileId: RecordId): Promise<Outcome> {
  return runCommand(ctx, async (scope) => {
    await changeRecord(scope, fileId, (c) => unwrap(closeVolume(c)));
    return undefined;
  });
}
