import { findPerson, type Directory } from '@domain/directory.ts';
import { asPersonId, type OfficeId } from '@domain/ids.ts';
import { API, type SessionRequest, type SessionResponse } from '@protocol/api.ts';
import type { Accounts, SignInAnswer } from '../auth/accounts.ts';
import { keyFromRegistration } from '../auth/device-keys.ts';
import { hashToken } from '../auth/tokens.ts';
import type { ServerStorage } from '../storage/types.ts';

/**
 * Sign-in at an office relay: the tablet's request goes to the district as it
 * came, and the district's answer comes back, so the district checks passwords
 * and alone registers signing keys. On success the relay keeps what it needs
 * to serve that tablet on the LAN: the session's token hash and expiry (the same
 * token works at both), the device, and the public signing key it registered
 * (to check what the tablet pushes). The answer carries the relay's log key in
 * place of the district's: the tablet checks the relay's tree heads.
 *
 * When the district cannot be reached, the relay checks the sign-in itself
 * (decision 0011): only a person of its office, against the district's password
 * verifier it keeps (upstream-calls.ts), not one whose access the district
 * revoked since their last sign-in here, and only with a signing key the district
 * already registered for that person on that device. The session it makes is
 * provisional: it works at this relay only.
 */

export interface UpstreamLink {
  readonly url: string;
  readonly fetch: typeof fetch;
  readonly now: () => number;
  /** The relay's office: only its people sign in here without the district. */
  readonly office: OfficeId;
  readonly directory: Directory;
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

/**
 * Why `req` cannot be checked here without the district, or null when it can: the
 * person is of this office, the relay holds their verifier, the district revoked
 * nothing of theirs (on this device or on all) since their newest live session
 * here, and their signing key is one the district registered for this device.
 */
async function notCheckableHere(
  storage: ServerStorage,
  upstream: UpstreamLink,
  req: SessionRequest,
): Promise<string | null> {
  const who = req.username;
  const person = findPerson(upstream.directory, asPersonId(who));
  if (person === undefined || person.office !== upstream.office)
    return `"${who}" is not one of this office's people; only the district can check them`;
  if ((await storage.getCredential(person.id)) === null)
    return `this relay holds no password verifier for "${who}"; sign in while the district answers`;
  const now = upstream.now();
  const live = (await storage.listLiveSessions(now)).filter((s) => s.person === person.id);
  const since = Math.max(0, ...live.map((s) => s.createdAt));
  if ((await storage.accessRevokedSince(person.id, req.deviceId, since)) !== null)
    return `the district revoked the access of "${who}"; only the district can let them in again`;
  const reg = req.signingKey;
  if (reg === undefined) return null;
  const known = (await storage.deviceKeys()).find((k) => k.id === reg.keyId);
  if (known === undefined || known.person !== person.id || known.device !== req.deviceId)
    return 'this signing key is new (a tablet new to this person, or a changed password); only the district can register it';
  if (known.revokedAt !== null) return 'the district revoked this signing key';
  return null;
}

export function relayAccounts(
  local: Accounts,
  storage: ServerStorage,
  logKey: string,
  upstream: UpstreamLink,
): Accounts {
  /** The district cannot be reached (`why`): the relay checks the sign-in itself, or says why not. */
  async function signInHere(req: SessionRequest, why: string): Promise<SignInAnswer> {
    const reason = await notCheckableHere(storage, upstream, req);
    if (reason !== null) return unreachable(`${why}; ${reason}`);
    const answer = await local.signIn(req);
    if (!answer.ok) return answer;
    const session: SessionResponse = {
      ...answer.session,
      logKey,
      deviceNumber: 0,
      provisional: true,
    };
    return { ok: true, session };
  }

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
        return signInHere(req, e instanceof Error ? e.message : String(e));
      }
      const body: unknown = await res.json().catch(() => null);
      if (res.status !== 201 || body === null) {
        if (res.status >= 500 || body === null) return signInHere(req, `HTTP ${res.status}`);
        return { ok: false, error: 'upstream', status: res.status, body };
      }
      const session = body as SessionResponse;
      await keepSession(storage, req, session);
      return { ok: true, session: { ...session, logKey } };
    },
  };
}
