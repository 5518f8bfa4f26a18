import { API } from '@protocol/api.ts';
import { readCapped } from '@protocol/transport.ts';
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
