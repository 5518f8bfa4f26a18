import type { DirectoryFetch, DirectorySchedule } from './directory-fetch.ts';

/**
 * The directory (people, offices, roles) is asked for after a sync at most this
 * often (directory-fetch.ts), and after the first sync of the engine's start or of
 * a push channel opened again (a district restarted with a new directory file).
 */
export const DIRECTORY_EVERY_MS = 10 * 60_000;

/** After a failed request (no network, an error answer) the directory is asked again this late. */
export const DIRECTORY_RETRY_MS = 60_000;

/** The engine's side of the directory's schedule (engine.ts). */
export interface EngineDirectory extends DirectorySchedule {
  /**
   * Due at the next sync (a push channel opened again, the server announced a new
   * directory); when a request is being made, again after it (it may hold the one before).
   */
  dueNow(): void;
  /**
   * The request a synced run handed over, taken once (null: none, or `ended`: the run
   * was ended, and the directory stays due); not due again while it is made.
   */
  take(ended: boolean): ((signal: AbortSignal) => Promise<DirectoryFetch>) | null;
  /** The request was made: the next one is due after the usual wait, or sooner after a failure. */
  asked(outcome: DirectoryFetch): void;
}

export function directorySchedule(now: () => number): EngineDirectory {
  /** When the directory was last asked for (null: due at the next sync), and the wait after. */
  let at: number | null = null;
  let wait = DIRECTORY_EVERY_MS;
  /** The directory's request a synced run handed over, made once the run has settled. */
  let pending: ((signal: AbortSignal) => Promise<DirectoryFetch>) | null = null;
  /** A request is being made: no second one beside it. */
  let asking = false;
  /** Made due while a request was being made: due again after it. */
  let again = false;
  return {
    // A clock set back makes it due too.
    due: () => !asking && (at === null || now() - at >= wait || now() < at),
    ask: (fetch) => {
      pending = fetch;
    },
    dueNow: () => {
      at = null;
      again = asking;
    },
    take: (ended) => {
      const fetch = ended ? null : pending;
      pending = null;
      if (fetch !== null) asking = true;
      return fetch;
    },
    asked: (outcome) => {
      asking = false;
      at = again ? null : now();
      again = false;
      // A failure (a stuck 500, no network) is asked again sooner, not at every sync.
      wait = outcome.kind === 'failed' ? DIRECTORY_RETRY_MS : DIRECTORY_EVERY_MS;
    },
  };
}

/** The directory's request, made beside what follows a synced run (engine.ts). */
export interface DirectoryAsker {
  /** Makes the request a synced run handed over (EngineDirectory.take). */
  ask(request: (signal: AbortSignal) => Promise<DirectoryFetch>): void;
  /** Ends the request in flight (stop(), pause(), a link lost): hanging, it would hold back every later one. */
  abort(): void;
}

/**
 * The directory once the run has settled, beside what follows: on 2G it may take a
 * while, and neither Synced nor a sync asked for meanwhile waits for it. One that
 * widened the signed-in person's scope (a transfer) is followed by a sync (`syncAgain`),
 * which pulls it from the start (pull-again.ts); so is one made due meanwhile (announced),
 * asked now, not later. Never throws.
 */
export function directoryAsker(
  directory: EngineDirectory,
  onDirectory: ((fetched: DirectoryFetch) => void) | undefined,
  syncAgain: () => void,
): DirectoryAsker {
  let inFlight: AbortController | null = null;
  return {
    ask(request) {
      const controller = new AbortController();
      inFlight = controller;
      void request(controller.signal).then((fetched) => {
        if (inFlight === controller) inFlight = null;
        directory.asked(fetched);
        onDirectory?.(fetched);
        if ((fetched.kind === 'kept' && fetched.pullAgain === true) || directory.due()) syncAgain();
      });
    },
    abort() {
      inFlight?.abort();
    },
  };
}
