import type { SyncPort } from '@storage/sync/sync-port.ts';
import type { SyncOutcome } from './sync-run.ts';

/**
 * Syncs in a row this tablet's own address must miss before one goes to the
 * district's own address (decision 0015 amendment 1): a tablet's first sync at
 * the other tier pulls its whole scope over the WAN, too much for one dropped
 * request; the second try comes after the first retry's backoff (1–2 s).
 */
export const FALLBACK_AFTER_MISSES = 2;

/** One sync at `baseUrl`; `onResponse` when the server there has answered an exchange. */
export type SyncAt = (baseUrl: string, onResponse: () => void) => Promise<SyncOutcome>;

export interface OwnAddress {
  /**
   * A sync at this tablet's own address; when it did not answer (the network
   * failed, not aborted) for FALLBACK_AFTER_MISSES syncs in a row, the same sync at
   * the district's own address, when the relay named one at sign-in (decision 0015).
   * Each run tries the tablet's address first, so it is back at the relay as soon as
   * the relay answers. `home`: the sync at the own address succeeded.
   */
  run(sync: SyncAt, signal: AbortSignal, home: () => void): Promise<SyncOutcome>;
}

export function ownAddress(
  deps: { readonly port: SyncPort; readonly baseUrl: string; readonly now: () => number },
  /** The server answered: the link works. */
  linkUp: () => void,
): OwnAddress {
  /** This tablet may have misses of its own address counted (port.ownAddressMissed): clear them at the next answer. */
  let missesKept = true;
  return {
    async run(sync, signal, home) {
      // Any answer from this tablet's address, a page before the link dropped too, is not a miss.
      let homeAnswered = false;
      const onHomeResponse = (): void => {
        homeAnswered = true;
        linkUp();
      };
      const outcome = await sync(deps.baseUrl, onHomeResponse);
      if (outcome.kind === 'synced') home();
      if (homeAnswered) {
        if (missesKept)
          missesKept = (await deps.port.ownAddressMissed?.(false).catch(() => 1)) !== 0;
        const otherOffice =
          outcome.kind === 'failed' && outcome.error === 'otherOfficeRelay' && !signal.aborted;
        return otherOffice ? atDistrictFor(outcome, sync) : outcome;
      }
      if (outcome.kind !== 'failed' || outcome.error !== 'network' || signal.aborted)
        return outcome;
      const fallback = await deps.port.fallbackBase?.();
      if (fallback == null || fallback === deps.baseUrl) return outcome;
      missesKept = true;
      // A count that cannot be kept (storage full) falls back, as a port without one does.
      const misses = await (
        deps.port.ownAddressMissed?.(true, deps.now()) ?? Promise.resolve(FALLBACK_AFTER_MISSES)
      ).catch(() => FALLBACK_AFTER_MISSES);
      return misses >= FALLBACK_AFTER_MISSES ? sync(fallback, linkUp) : outcome;
    },
  };

  /**
   * This tablet's address is answered by another office's relay, which the district
   * vouched for (decision 0017): the same sync at once at the district's own address,
   * if the tablet knows it. The relay answered, so this is no miss and no reason to
   * wait for a second one. Synced there, the outcome says so (`viaDistrict`, for the
   * light); a district that does not answer either leaves the relay's refusal, which
   * says why this tablet does not sync here. Each run tries the tablet's address
   * first, so it takes its own relay (or the district there) as soon as it answers.
   */
  async function atDistrictFor(refused: SyncOutcome, sync: SyncAt): Promise<SyncOutcome> {
    const fallback = await deps.port.fallbackBase?.();
    if (fallback == null || fallback === deps.baseUrl) return refused;
    const there = await sync(fallback, linkUp);
    if (there.kind === 'synced') return { ...there, viaDistrict: 'otherOfficeRelay' };
    return there.kind === 'failed' && there.error === 'network' ? refused : there;
  }
}
