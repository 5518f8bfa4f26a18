import { API, type SessionRequest, type SessionResponse } from '@protocol/api.ts';
import type { Accounts, SignInAnswer } from '../auth/accounts.ts';
import { keyFromRegistration } from '../auth/device-keys.ts';
import { hashToken } from '../auth/tokens.ts';
import type { ServerStorage } from '../storage/types.ts';

/**
 * Sign-in at an office relay: the tablet's request goes to the district as it
 * came, and the district's answer comes back, so the district alone checks
 * passwords and registers signing keys. On success the relay keeps what it needs
 * to serve that tablet on the LAN: the session's token hash and expiry (the same
 * token works at both), the device, and the public signing key it registered
 * (to check what the tablet pushes). The answer carries the relay's log key in
 * place of the district's: the tablet checks the relay's tree heads.
 */

export interface UpstreamLink {
  readonly url: string;
  readonly fetch: typeof fetch;
  readonly now: () => number;
}

function unreachable(detail: string): SignInAnswer {
  const body = {
    error: 'upstreamUnreachable',
    detail: `the district cannot be reached: ${detail}`,
  };
  return { ok: false, error: 'upstream', status: 503, body };
}

async function keepSession(
  storage: ServerStorage,
  req: SessionRequest,
  session: SessionResponse,
): Promise<void> {
  // On the district's clock, as the revocations the relay learns from it (upstream-calls.ts).
  const at = session.serverTime;
  const person = session.person.id;
  await storage.createSession({
    tokenHash: hashToken(session.token),
    person,
    deviceId: req.deviceId,
    createdAt: at,
    expiresAt: session.expiresAt,
    revokedAt: null,
  });
  await storage.registerDevice(req.deviceId, session.person.office, req.deviceLabel ?? '', at);
  if (req.signingKey === undefined) return;
  // The district registered it (or the sign-in would have been refused).
  const key = keyFromRegistration(req.signingKey, person, req.deviceId, at);
  if (typeof key !== 'string') await storage.registerDeviceKey(key);
}

export function relayAccounts(
  local: Accounts,
  storage: ServerStorage,
  logKey: string,
  upstream: UpstreamLink,
): Accounts {
  return {
    ...local,
    async signIn(req) {
      let res: Response;
      try {
        res = await upstream.fetch(upstream.url + API.session, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(req),
        });
      } catch (e) {
        return unreachable(e instanceof Error ? e.message : String(e));
      }
      const body: unknown = await res.json().catch(() => null);
      if (res.status !== 201 || body === null) {
        if (res.status >= 500 || body === null) return unreachable(`HTTP ${res.status}`);
        return { ok: false, error: 'upstream', status: res.status, body };
      }
      const session = body as SessionResponse;
      await keepSession(storage, req, session);
      return { ok: true, session: { ...session, logKey } };
    },
  };
}
