import { API } from '@protocol/api.ts';
import type { SyncTransportDeps } from './transport.ts';

/**
 * The district's word for the answering relay's log key (GET /api/log-key-vouch,
 * decision 0017), asked only when a sync answer's head is signed by a key this
 * tablet does not know. The body as sent (sync-run checks it), or null when there
 * is none: a district, an older relay, no link.
 */
export async function fetchRelayVouch(
  deps: SyncTransportDeps,
  signal?: AbortSignal,
): Promise<unknown> {
  try {
    const res = await deps.fetch(deps.baseUrl + API.logKeyVouch, { signal });
    return res.ok ? ((await res.json()) as unknown) : null;
  } catch {
    return null;
  }
}
