import type { SyncPort } from '@storage/sync/sync-port.ts';
import type { EngineDirectory } from './directory-schedule.ts';

/**
 * The push channel's `directory` frame (push-channel.ts), as the engine takes it
 * (engine.ts): the server took a new directory of the frame's version. A sync, after
 * which it is asked for (askDirectory), instead of at the next check up to
 * DIRECTORY_EVERY_MS later. Not when that version or a newer one is held (a sync or a
 * sign-in took it first, the frame came again): neither a sync nor a request answered
 * 304. A store that cannot say asks, as before.
 */
export function directoryFrames(
  deps: { readonly port: Pick<SyncPort, 'directoryVersion'> },
  directory: Pick<EngineDirectory, 'dueNow'>,
  sync: () => void,
): (version: number) => void {
  return (version) => {
    const held = deps.port.directoryVersion?.().catch(() => null) ?? Promise.resolve(null);
    void held.then((have) => {
      if (have !== null && have >= version) return;
      directory.dueNow();
      sync();
    });
  };
}
