import type { RecordId } from '@domain/ids.ts';
import type { ServerStorage } from '../storage/types.ts';
import { createWanted, fetchScan, type FetchEnd } from './scans-down.ts';
import { keepScansUp, readScansUp, SCANS_FILE } from './scans-kept.ts';
import { newScansUp, RESTING_MS, scansToSend, sendListed, type ScanCallDeps } from './scans-up.ts';

/**
 * An office relay's scan transfers with the district, apart from the record sync
 * so a scan on a 2G link never holds a noting back (as on the tablets,
 * src/sync/scan-transfer.ts). A pass is started after each upstream run that
 * reached the district (its pushes first: the district takes a scan only for a
 * record that lists it), one at a time: it sends the scans the district lacks
 * (scans-up.ts), then fetches the ones the relay's tablets asked for
 * (scans-down.ts). While the district's log alarm stands, the pass sends nothing
 * and only fetches. A call that fails ends the pass; the next run's pass goes on.
 * A scan that fails to come down otherwise (an answer that cannot be stored) leaves
 * the queue, said in the log, and the scans after it still come down.
 */

/**
 * A scan the district answered with bytes that do not hash to its name is not asked
 * for again for this long, however often tablets ask (each try is logged); one it
 * did not have, for RESTING_MS.
 */
export const FORGED_REST_MS = 60 * 60_000;

export interface ScanLinkDeps extends ScanCallDeps {
  readonly storage: Pick<ServerStorage, 'summaries'>;
  /** The relay's session at the district ('' while it has none). */
  readonly token: () => string;
  /**
   * Whether the district's log alarm stands (district-log.ts): nothing of the
   * office's goes to a district the relay distrusts, its scans no more than its
   * work. Downloads go on: what comes down is hash-checked against its name.
   */
  readonly distrusted: () => boolean;
  readonly partBytes?: number;
  /** Where what the district has is kept between runs (scans-kept.ts); none: nothing kept. */
  readonly dataDir?: string;
}

export interface ScanLink {
  /** Starts a pass now, or once the one running ends. */
  kick(): void;
  want(sha256: string, recordId: RecordId): void;
  /** Ends the running pass's call to the district and waits for it; none starts after. */
  stop(): Promise<void>;
}

export function createScanLink(deps: ScanLinkDeps): ScanLink {
  const { dataDir } = deps;
  const up = dataDir === undefined ? newScansUp() : readScansUp(dataDir, deps.url, deps.log);
  const wanted = createWanted();
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let failing = false;
  // Scans that came back absent or forged, and until when tablets' asks for them are let be.
  const downRest = new Map<string, number>();
  // Uploads held for the district's log alarm (said once while it stands).
  let holding = false;
  // Ends the call under way at stop(), so a relay's shutdown waits for no scan's parts.
  const halt = new AbortController();
  // A call to the district that fails is the WAN's; told apart from a scan's own trouble.
  const wan: ScanCallDeps = {
    ...deps,
    keep,
    fetch: (input, init) =>
      deps.fetch(input, { ...init, signal: halt.signal }).catch((e: unknown) => {
        throw new WanFailed(e);
      }),
  };

  async function pass(): Promise<void> {
    const token = deps.token();
    if (token === '') return;
    const held = deps.distrusted();
    if (held && !holding)
      deps.log('relay: scans not sent to the district while its log alarm stands');
    holding = held;
    for (const scan of held ? [] : await scansToSend(deps.blobs, deps.storage, up, deps.now())) {
      if (stopped) return;
      if ((await sendListed(wan, up, token, scan, deps.partBytes)) === 'unauthenticated') return;
    }
    for (let scan = wanted.next(); scan !== undefined && !stopped; scan = wanted.next()) {
      let end: FetchEnd;
      try {
        end = await fetchScan(wan, up, token, scan, deps.partBytes);
      } catch (e) {
        // The WAN ends the pass (the scan stays first); anything else is this scan's
        // alone: it leaves the queue (a tablet asks again) and the others go on.
        if (e instanceof WanFailed) throw e.cause;
        wanted.drop(scan.sha256);
        deps.log(`relay: scan ${scan.sha256} not fetched from the district: ${messageOf(e)}`);
        continue;
      }
      if (end === 'unauthenticated') return;
      wanted.drop(scan.sha256);
      if (end === 'absent' || end === 'forged') {
        const now = deps.now();
        for (const [sha, until] of downRest) if (until <= now) downRest.delete(sha);
        downRest.set(scan.sha256, now + (end === 'forged' ? FORGED_REST_MS : RESTING_MS));
      }
    }
  }

  /** Writes what the pass learnt of the district's scans, if anything (never rejects). */
  async function keep(): Promise<void> {
    if (dataDir === undefined) return;
    try {
      await keepScansUp(dataDir, up);
    } catch (e) {
      deps.log(
        `relay: ${SCANS_FILE} not written (tried again after the next pass): ${messageOf(e)}`,
      );
    }
  }

  function kick(): void {
    if (stopped) return;
    if (running !== null) {
      again = true;
      return;
    }
    running = pass()
      .finally(keep)
      .then(
        () => void (failing = false),
        (e: unknown) => {
          // Logged once while it lasts: the upstream link says when the district is unreachable.
          if (!failing && !stopped)
            deps.log(`relay: scan transfer stopped for now: ${messageOf(e)}`);
          failing = true;
        },
      )
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          kick();
        }
      });
  }

  return {
    kick,
    want(sha256, recordId) {
      if ((downRest.get(sha256) ?? 0) <= deps.now()) wanted.want(sha256, recordId);
    },
    async stop() {
      stopped = true;
      halt.abort(new Error('the relay is stopping'));
      await running;
    },
  };
}

/** A call to the district that rejected (the WAN), as opposed to a scan's own trouble. */
class WanFailed extends Error {
  constructor(cause: unknown) {
    super(messageOf(cause), { cause });
  }
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));
