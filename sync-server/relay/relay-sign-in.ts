import { findPerson } from '@domain/directory.ts';
import { asPersonId } from '@domain/ids.ts';
import { API, type SessionRequest, type SessionResponse } from '@protocol/api.ts';
import type { Accounts, SignInAnswer } from '../auth/accounts.ts';
import { keyFromRegistration } from '../auth/device-keys.ts';
import { sealTo } from '../auth/seal-key.ts';
import { hashToken } from '../auth/tokens.ts';
import type { ServerStorage } from '../storage/types.ts';
import type { DistrictLog } from './district-log.ts';
import { districtSessions, type SessionsLink } from './district-sessions.ts';
import type { PendingRegistrations } from './pending-registrations.ts';
import type { SignOuts } from './sign-outs.ts';

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
 * revoked since their last sign-in here. A signing key the district has not
 * registered (a tablet new to the person) is registered here as provisional and
 * the tablet's request is kept sealed to the district (pending-registrations.ts),
 * which checks the password in it and registers the key when the WAN returns.
 * The session the relay makes is provisional: it works at this relay only.
 *
 * While the district's log alarm stands (district-log.ts: its answers do not
 * check, or its sign-in named another log key: a district that lost its key, or
 * an impostor), no sign-in goes to it: the relay checks them itself as when the
 * district cannot be reached, and nobody's password reaches that server. The
 * district's key a tablet is given is the one the relay kept, never the one a
 * sign-in answer names.
 *
 * A token the relay holds no session for is asked about at the district, within
 * a budget (district-sessions.ts).
 */

/**
 * The relay's link to the district: its address, clock, office (only its people sign
 * in here without the district), directory and own session (SessionsLink), and:
 */
export interface UpstreamLink extends SessionsLink {
  readonly pending: PendingRegistrations;
  /**
   * The district's own address for the tablets' syncs while this relay cannot be
   * reached (`--fallback`, decision 0015); given in every sign-in answer.
   */
  readonly fallback?: string;
  /** Sign-outs at the relay, for the upstream link to tell the district (sign-outs.ts). */
  readonly signOuts: SignOuts;
  /** The district's log key the relay kept, and the alarm standing (district-log.ts). */
  readonly districtLog: Pick<DistrictLog, 'keptKey' | 'takeKey' | 'trouble'>;
}

/** The address of a request that did not say. */
const NO_ADDRESS = '-';

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
 * Why `req` cannot be checked here without the district, or whether its signing
 * key is `new` to this relay (to be registered provisionally) or `known` (or
 * absent): the person is of this office, the relay holds their verifier, the
 * district revoked nothing of theirs (on this device or on all) since their newest
 * live session here, and a key of theirs here is for this device and not revoked.
 */
async function checkableHere(
  storage: ServerStorage,
  upstream: UpstreamLink,
  req: SessionRequest,
): Promise<{ readonly refused: string } | 'known' | 'new'> {
  const reason = await notCheckableHere(storage, upstream, req);
  if (reason !== null) return { refused: reason };
  const reg = req.signingKey;
  if (reg === undefined) return 'known';
  const known = (await storage.deviceKeys()).find((k) => k.id === reg.keyId);
  if (known === undefined) {
    if (upstream.pending.sealKey() === null)
      return {
        refused:
          "this signing key is new, and the relay has not yet received the district's sealing key; only the district can register it",
      };
    return 'new';
  }
  if (known.person !== asPersonId(req.username) || known.device !== req.deviceId)
    return { refused: 'this signing key is registered for another person or device' };
  if (known.revokedAt !== null) return { refused: 'the district revoked this signing key' };
  return 'known';
}

async function notCheckableHere(
  storage: ServerStorage,
  upstream: UpstreamLink,
  req: SessionRequest,
): Promise<string | null> {
  const who = req.username;
  const person = findPerson(upstream.directory(), asPersonId(who));
  if (person === undefined || person.office !== upstream.office)
    return `"${who}" is not one of this office's people; only the district can check them`;
  if ((await storage.getCredential(person.id)) === null)
    return `this relay holds no password verifier for "${who}"; sign in while the district answers`;
  const now = upstream.now();
  const live = (await storage.listLiveSessions(now)).filter((s) => s.person === person.id);
  const since = Math.max(0, ...live.map((s) => s.createdAt));
  if ((await storage.accessRevokedSince(person.id, req.deviceId, since)) !== null)
    return `the district revoked the access of "${who}"; only the district can let them in again`;
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
    const check = await checkableHere(storage, upstream, req);
    if (typeof check === 'object') return unreachable(`${why}; ${check.refused}`);
    const sealKey = upstream.pending.sealKey();
    // Sealed before anything is stored, so a key that cannot be sealed leaves nothing behind.
    const at = upstream.now();
    let sealed: string | null = null;
    try {
      if (check === 'new' && sealKey !== null)
        sealed = sealTo(sealKey, JSON.stringify({ request: req, at }));
    } catch (e) {
      return unreachable(`${why}; the district's sealing key is not usable (${String(e)})`);
    }
    const answer = await local.signIn(req);
    if (!answer.ok) return answer;
    if (sealed !== null && req.signingKey !== undefined)
      await upstream.pending.add({
        keyId: req.signingKey.keyId,
        person: answer.session.person.id,
        deviceId: req.deviceId,
        at,
        sealed,
      });
    const districtLogKey = upstream.districtLog.keptKey();
    const session: SessionResponse = {
      ...answer.session,
      logKey,
      ...(districtLogKey === undefined ? {} : { districtLogKey }),
      // The district's number if it confirmed this tablet here before, else none yet.
      deviceNumber: upstream.pending.deviceNumberOf(req.deviceId) ?? 0,
      provisional: true,
      ...(upstream.fallback === undefined ? {} : { fallback: upstream.fallback }),
    };
    return { ok: true, session };
  }

  const district = districtSessions(storage, upstream);

  return {
    ...local,
    async authenticate(token, source) {
      const known = await local.authenticate(token);
      if (known !== null || token === null) return known;
      const learned = await district.learn(token, source ?? NO_ADDRESS);
      if (typeof learned === 'object') return learned;
      return learned ? local.authenticate(token) : null;
    },
    /**
     * Ended here, and at the district at the upstream link's next run (upstream-calls.ts).
     * Kept to tell first: a relay killed, or a write failing, in between leaves the
     * session live here (the tablet signs out again; the district's answer to the
     * check ends it here too), never ended here and forgotten for the district.
     */
    async signOut(token) {
      const tokenHash = hashToken(token);
      const session = await storage.findSession(tokenHash);
      if (session === null || session.revokedAt !== null) return false;
      await upstream.signOuts.add({ tokenHash, expiresAt: session.expiresAt }, upstream.now());
      return local.signOut(token);
    },
    async accessRevoked(token) {
      const here = await local.accessRevoked(token);
      if (here !== null || token === null) return here;
      return district.revokedAccess(token);
    },
    async otherOffice(token) {
      if (token === null || (await storage.findSession(hashToken(token))) !== null) return false;
      return district.otherOffice(token);
    },
    async signIn(req) {
      const alarm = upstream.districtLog.trouble();
      if (alarm !== null)
        return signInHere(req, `its log does not check (${alarm.alarm}); nothing is sent to it`);
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
      // The tablet checks the relay's heads, and keeps the district's key for when the
      // district answers it under the same address (decision 0015): the key the relay
      // kept; an answer naming another is the alarm keyChanged (district-log.ts).
      await upstream.districtLog.takeKey(session.logKey, upstream.now());
      const districtLogKey = upstream.districtLog.keptKey();
      return {
        ok: true,
        session: {
          ...session,
          logKey,
          ...(districtLogKey === undefined ? {} : { districtLogKey }),
          ...(upstream.fallback === undefined ? {} : { fallback: upstream.fallback }),
        },
      };
    },
  };
}
