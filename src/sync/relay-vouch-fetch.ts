import { vouchedKeyFor } from '@doc/relay-vouch.ts';
import type { VerifyBytes } from '@doc/signature.ts';
import type { SignedTreeHead } from '@doc/tree-head.ts';
import { API } from '@protocol/api.ts';
import { readCapped } from '@protocol/transport.ts';
import type { SyncPort } from '@storage/sync/sync-port.ts';
import type { SyncTransportDeps } from './transport.ts';

/** A vouch is ~300 bytes of JSON; anything past this is not one. */
const MAX_VOUCH_BYTES = 4096;
/** However slowly the answering server sends it. */
const VOUCH_TIMEOUT_MS = 15_000;

/**
 * The district's word for the answering relay's log key (GET /api/log-key-vouch,
 * decision 0017), asked only when a sync answer's head is signed by a key this
 * tablet does not know: the server is not trusted yet, so the body is read with
 * a limit and a time limit. `{ body }` as sent (sync-run checks it; null for a 404
 * or anything not JSON: asked, and no word given), or `unreachable` when it could
 * not be asked (no link, timed out, aborted), which is no evidence either way.
 */
export async function fetchRelayVouch(
  deps: SyncTransportDeps,
  signal?: AbortSignal,
): Promise<{ readonly body: unknown } | 'unreachable'> {
  const timeout = AbortSignal.timeout(VOUCH_TIMEOUT_MS);
  const both = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
  let res: Response;
  try {
    res = await deps.fetch(deps.baseUrl + API.logKeyVouch, { signal: both });
  } catch {
    return 'unreachable';
  }
  if (res.status >= 500 || res.status === 429) return 'unreachable';
  if (!res.ok) return { body: null };
  try {
    const text = new TextDecoder().decode(await readCapped(res, MAX_VOUCH_BYTES));
    return { body: JSON.parse(text) as unknown };
  } catch {
    // Too large, not JSON, or the link dropped mid-body: a dropped link is no evidence.
    return both.aborted ? 'unreachable' : { body: null };
  }
}

/** Why a run ends at a relay's word (sync-run.ts makes it a `failed` outcome). */
interface NotVouched {
  readonly error: 'network' | 'otherOfficeRelay';
  readonly detail: string;
}

/**
 * A sync answer's `head` is signed by a key this tablet does not know: the relay's
 * key, kept as another tier (keepVouchedTier), when the district vouched for it for
 * the signed-in person's office (decision 0017, amendment 1); null when it did not
 * (no word, a malformed, forged or foreign one: the alarm, nothing kept). The run
 * fails instead, with nothing kept and no alarm, when the word could not be asked
 * for (no evidence either way, tried again later), or when it is the district's
 * true word for another office's relay: the person is out of that relay's scope,
 * nothing is forged, and the tablet syncs once back at its own relay or the district.
 */
export async function vouchedTier(
  deps: SyncTransportDeps & { readonly port: SyncPort },
  head: SignedTreeHead,
  verify: VerifyBytes,
  signal?: AbortSignal,
): Promise<Uint8Array | NotVouched | null> {
  const { port } = deps;
  if (port.keepVouchedTier === undefined) return null;
  const asked = await fetchRelayVouch(deps, signal);
  if (asked === 'unreachable') return { error: 'network', detail: 'the relay could not be asked' };
  const signers = (await port.vouchSigners?.()) ?? [];
  const office = (await port.sessionOffice?.()) ?? null;
  const vouched = vouchedKeyFor(asked.body, head, signers, verify, office);
  if (vouched === 'otherOffice')
    return { error: 'otherOfficeRelay', detail: "the relay answering is another office's" };
  if (vouched !== null) await port.keepVouchedTier(vouched);
  return vouched;
}
