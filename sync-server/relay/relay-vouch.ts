import { logKeyOf, parseRelayVouch, vouchSignedBy, type RelayKeyVouch } from '@doc/relay-vouch.ts';
import type { VerifyBytes } from '@doc/signature.ts';
import { API } from '@protocol/api.ts';
import { keptJson } from './relay-state.ts';

/**
 * The district's word for this relay's log key (decision 0017), asked for with the
 * relay's own session and kept in `<dataDir>/log-key-vouch.json`, so a relay that
 * starts while the WAN is down still serves it. Asked at start and then, doubling
 * the wait, until the district gives one for the relay's key and office; a relay
 * whose key is new (a fresh data directory) asks again. An answer that is not a
 * vouch for this key and office, or is not signed by the district's log key the
 * relay was given at sign-in, is not kept.
 */

export const VOUCH_FILE = 'log-key-vouch.json';
/** The first wait before asking again, doubled at each miss up to the longest. */
const RETRY_FIRST_MS = 5_000;
const RETRY_LONGEST_MS = 60 * 60_000;

export interface RelayVouchDeps {
  readonly url: string;
  readonly fetch: typeof fetch;
  readonly dataDir: string;
  /** The relay's office id (what the district binds the vouch to). */
  readonly office: string;
  /** The relay's own log key, base64url. */
  readonly ownKey: string;
  /**
   * The district's log key the relay keeps (district-log.ts), null while it keeps
   * none: a vouch is kept and served only when that key signed it.
   */
  readonly districtKey: () => string | undefined;
  /** Whether the relay distrusts the district now (its log alarm): nothing is asked then. */
  readonly distrusted: () => boolean;
  /** The relay's session at the district ('' while it has none). */
  readonly token: () => string;
  readonly verify: VerifyBytes;
  readonly log: (line: string) => void;
  /** Runs `fn` after `ms`; `fn` returns the retry's promise (it never rejects). */
  readonly setTimeout: (fn: () => Promise<void>, ms: number) => unknown;
  readonly clearTimeout: (handle: unknown) => void;
}

export interface RelayVouch {
  /** The vouch the relay holds for its current key, or null. */
  get(): RelayKeyVouch | null;
  /** Asks the district now (and again later while it has none); resolves when this try ends. */
  start(): Promise<void>;
  stop(): void;
}

/** Whether `v` is the district's word, signed by the key the relay keeps, for this relay now. */
function fits(v: RelayKeyVouch | null, deps: RelayVouchDeps): v is RelayKeyVouch {
  if (v === null || v.relayKey !== deps.ownKey || v.office !== deps.office) return false;
  const signer = logKeyOf(deps.districtKey());
  return signer !== null && vouchSignedBy(v, signer, deps.verify);
}

export function openRelayVouch(deps: RelayVouchDeps): RelayVouch {
  const kept = keptJson<RelayKeyVouch | null>(deps.dataDir, VOUCH_FILE, null);
  let timer: unknown = null;
  let stopped = false;
  let failures = 0;

  /** One question to the district: the vouch, or why not. */
  async function ask(): Promise<RelayKeyVouch | string> {
    const token = deps.token();
    if (token === '') return 'the relay has no session at the district yet';
    try {
      const res = await deps.fetch(deps.url + API.relayLogKey, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ key: deps.ownKey }),
      });
      if (!res.ok) {
        // The district's reason (a second key for this relay's account: decision 0017).
        const body = (await res.json().catch(() => null)) as { detail?: unknown } | null;
        const detail = typeof body?.detail === 'string' ? `: ${body.detail.slice(0, 300)}` : '';
        return `HTTP ${res.status}${detail}`;
      }
      const vouch = parseRelayVouch(await res.json());
      return fits(vouch, deps) ? vouch : 'the answer is not a vouch for this relay';
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }

  /** Keeps `vouch`; why not, if its file could not be written. */
  async function keep(vouch: RelayKeyVouch): Promise<string | null> {
    try {
      await kept.change(() => vouch);
      return null;
    } catch (e) {
      return `${VOUCH_FILE} not written: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  /** One try, and the next one set when it did not end with a vouch kept. Never rejects. */
  async function attempt(): Promise<void> {
    if (stopped || fits(kept.get(), deps)) return;
    const asked = deps.distrusted()
      ? "the relay does not trust the district's log now"
      : deps.districtKey() === undefined
        ? 'the relay keeps no district log key yet'
        : await ask();
    const got = typeof asked === 'string' ? asked : await keep(asked);
    if (got === null) {
      failures = 0;
      deps.log(
        'relay: the district vouched for its log key; tablets that knew only the district take it',
      );
      return;
    }
    if (failures === 0)
      deps.log(
        `relay: the district's word for its log key is not had yet (${got}); asked again later`,
      );
    if (stopped) return;
    timer = deps.setTimeout(
      () => {
        timer = null;
        return attempt();
      },
      Math.min(RETRY_LONGEST_MS, RETRY_FIRST_MS * 2 ** Math.min(failures++, 30)),
    );
  }

  return {
    get: () => {
      const v = kept.get();
      return fits(v, deps) ? v : null;
    },
    start: attempt,
    stop() {
      stopped = true;
      if (timer !== null) deps.clearTimeout(timer);
    },
  };
}
