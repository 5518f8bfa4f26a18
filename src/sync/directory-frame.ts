import type { SyncPort } from '@storage/sync/sync-port.ts';
import type { EngineDirectory } from './directory-schedule.ts';
import type { Timers } from './push-channel.ts';

/**
 * The sync a frame starts waits a random part of this. An office relay tells all its
 * tablets in the same instant over the office's one LAN; without a wait each would send
 * its sync and then its directory request (the whole directory, when it changed) to the
 * relay, the tehsil's desktop or a small box, at once, through the one access point.
 * Spread over 5 s an office's few dozen tablets come a few at a time, each exchange a
 * fraction of a second on a LAN; and 5 s is nothing beside the 10-minute check
 * (DIRECTORY_EVERY_MS) the frame stands in for: someone transferred still sees their
 * new office within seconds.
 */
export const DIRECTORY_SPREAD_MS = 5_000;

export interface DirectoryFrames {
  /** A frame of `version` came. */
  announced(version: number): void;
  /** Ends the wait before a frame's sync (stop(), pause()). */
  cancel(): void;
}

/**
 * The push channel's `directory` frame (push-channel.ts), as the engine takes it
 * (engine.ts): the server took a new directory of the frame's version. A sync a random
 * moment later (DIRECTORY_SPREAD_MS), after which it is asked for (directoryAsker, directory-schedule.ts),
 * instead of at the next check up to DIRECTORY_EVERY_MS later. Not when that version
 * or a newer one is held (a sync or a sign-in took it first, the frame came again):
 * neither a sync nor a request answered 304. A store that cannot say asks, as before.
 */
export function directoryFrames(
  deps: Timers & {
    readonly port: Pick<SyncPort, 'directoryVersion'>;
    readonly random: () => number;
  },
  directory: Pick<EngineDirectory, 'dueNow' | 'due'>,
  active: () => boolean,
  sync: () => void,
  running: () => Promise<unknown> | null,
): DirectoryFrames {
  /** The wait before a frame's sync; a frame during it shares it. */
  let wait: unknown = null;
  // Not due: a sync meanwhile (periodic, a local change) has asked for it, or is asking,
  // and one made due during that request is asked right after it (engine.ts).
  const syncIfDue = (): void => {
    if (active() && directory.due()) sync();
  };
  return {
    announced(version) {
      const held = deps.port.directoryVersion?.().catch(() => null) ?? Promise.resolve(null);
      void held.then((have) => {
        if (have !== null && have >= version) return;
        directory.dueNow();
        if (!active() || wait !== null) return;
        wait = deps.setTimeout(() => {
          wait = null;
          // A sync running asks for it at its end: a second after it only when that did not.
          const run = running();
          if (run === null) syncIfDue();
          else void run.then(syncIfDue, syncIfDue);
        }, deps.random() * DIRECTORY_SPREAD_MS);
      });
    },
    cancel() {
      if (wait !== null) deps.clearTimeout(wait);
      wait = null;
    },
  };
}
