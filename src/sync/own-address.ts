import type { SyncPort } from '@storage/sync/sync-port.ts';
import type { SyncOutcome } from './sync-run.ts';

/**
 * Syncs in a row this tablet's own address must miss before one goes to the
 * district's own address (decision 0015 amendment 1): a tablet's first sync at
 * the other tier pulls its whole scope over the WAN, too much for one dropped
 * request; the second try comes after the first retry's backoff (1–2 s).
 */
export const FALLBACK_AFTER_MISSES = 2;

/**
 * One sync at `baseUrl`; `onResponse` when the server there has answered an exchange;
 * `probe`: its first request carries nothing of the outbox (SyncRunDeps.probe).
 */
export type SyncAt = (
  baseUrl: string,
  onResponse: () => void,
  probe?: boolean,
) => Promise<SyncOutcome>;

export interface OwnAddress {
  /**
   * A sync at this tablet's own address; when it did not answer (the network
   * failed, not aborted) for FALLBACK_AFTER_MISSES syncs in a row, the same sync at
   * the district's own address, when the relay named one at sign-in (decision 0015).
   * Each run tries the tablet's address first, so it is back at the relay as soon as
   * the relay answers. `home`: the sync at the own address succeeded.
   *
   * Answered there by another office's relay (its 401 `otherOffice`, or the district's
   * vouch for another office, decision 0017), the same sync at once at the district's
   * own address, and from then on (kept on the tablet, SyncPort.otherOfficeRelay) each
   * run's first request at its own address carries nothing of the outbox, until that
   * address answers otherwise: the outbox goes once, to the district.
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
      const away = (await deps.port.otherOfficeRelay?.().catch(() => null)) ?? null;
      const outcome = await sync(deps.baseUrl, onHomeResponse, away !== null);
      if (outcome.kind === 'synced') home();
      // The relay here refused the session as another office's person's: it answered.
      const refusedHere = outcome.kind === 'signedOut' && outcome.otherOffice === true;
      if (refusedHere) onHomeResponse();
      if (homeAnswered) {
        if (missesKept)
          missesKept = (await deps.port.ownAddressMissed?.(false).catch(() => 1)) !== 0;
        const elsewhere =
          refusedHere || (outcome.kind === 'failed' && outcome.error === 'otherOfficeRelay');
        // Only what the address said: a run ended on an abort proves nothing either way.
        if (!signal.aborted || elsewhere)
          await keepAway(elsewhere ? deps.now() : null, away).catch(() => undefined);
        if (!elsewhere) return outcome;
        // The relay's 401 is no sign-out here: the same refusal as the vouch's.
        const refused: SyncOutcome =
          outcome.kind === 'signedOut'
            ? { kind: 'failed', error: 'otherOfficeRelay', detail: outcome.detail }
            : outcome;
        return signal.aborted ? refused : atDistrictFor(refused, sync);
      }
      if (outcome.kind !== 'failed' || outcome.error !== 'network' || signal.aborted)
        return outcome;
      const missed = unreachable(outcome);
      const fallback = await deps.port.fallbackBase?.();
      if (fallback == null || fallback === deps.baseUrl) return missed;
      missesKept = true;
      // A count that cannot be kept (storage full) falls back, as a port without one does.
      const misses = await (
        deps.port.ownAddressMissed?.(true, deps.now()) ?? Promise.resolve(FALLBACK_AFTER_MISSES)
      ).catch(() => FALLBACK_AFTER_MISSES);
      if (misses < FALLBACK_AFTER_MISSES) return missed;
      const atDistrict = await sync(fallback, linkUp);
      // Aborted at the district (paused, the link lost): nothing is known of either address.
      return signal.aborted ? atDistrict : unreachable(atDistrict);
    },
  };

  /**
   * A run that ends failed for the network after this tablet's own address did not answer
   * says so (`homeUnreachable`): the light then looks at the browser's Local Network
   * Access permission. Any other end (the district answered) is told as it is.
   */
  function unreachable(outcome: SyncOutcome): SyncOutcome {
    return outcome.kind === 'failed' && outcome.error === 'network'
      ? { ...outcome, homeUnreachable: true }
      : outcome;
  }

  /** Keeps (`at`) or forgets (null) that another office's relay answers this address. */
  async function keepAway(at: number | null, kept: number | null): Promise<void> {
    if (at === null && kept === null) return;
    await deps.port.keepOtherOfficeRelay?.(at);
  }

  /**
   * This tablet's address is answered by another office's relay, which the district
   * vouched for or which refused the session as another office's person's (decision
   * 0017, amendments 1 and 2): the same sync at once at the district's own address,
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
