import {
  API,
  SESSION_ENDS_MAX,
  type AccessRevocation,
  type DeviceKeysResponse,
  type RelaySessionEndsRequest,
} from '@protocol/api.ts';
import type { PasswordVerifier } from '@protocol/api.ts';
import type { SessionResponse } from '@protocol/api.ts';
import { asDeviceId, asPersonId } from '@domain/ids.ts';
import type { OfficeId } from '@domain/ids.ts';
import { parsePasswordHash } from '../auth/password.ts';
import type { ServerStorage } from '../storage/types.ts';
import type { PendingRegistrations } from './pending-registrations.ts';
import type { RelayState } from './relay-state.ts';
import type { SignOuts } from './sign-outs.ts';
import { relayIdOf } from './relay-identity.ts';
import { keepDistrictKey } from './session-keys.ts';

/**
 * The relay's JSON calls to the district besides sync: its sign-in with the key
 * the administrator issued, and the device keys it checks its tablets' and the
 * district's events against.
 */

export interface Upstream {
  readonly url: string;
  readonly fetch: typeof fetch;
}

export type UpstreamSignIn =
  | { readonly ok: true; readonly session: SessionResponse }
  | { readonly ok: false; readonly refused: boolean; readonly detail: string };

export async function signInUpstream(
  up: Upstream,
  office: OfficeId | string,
  key: string,
  state: RelayState,
): Promise<UpstreamSignIn> {
  let res: Response;
  try {
    res = await up.fetch(up.url + API.session, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: relayIdOf(office as OfficeId),
        password: key,
        deviceId: state.deviceId,
      }),
    });
  } catch (e) {
    return { ok: false, refused: false, detail: e instanceof Error ? e.message : String(e) };
  }
  const body = (await res.json().catch(() => null)) as
    (SessionResponse & { error?: string; detail?: string }) | null;
  if (res.status === 201 && body !== null) return { ok: true, session: body };
  // The district's own refusal of the key, in its words: a 401 of something between (a
  // proxy, a captive portal), or a request it cannot read (a 400 after an upgrade), is no
  // word on the key, and the relay tries again later.
  const refused = res.status === 401 && body?.error === 'badCredentials';
  const detail = refused
    ? `the district refused this relay's key (revoked, or not this office's): ${body?.detail ?? res.status}`
    : `HTTP ${res.status}`;
  return { ok: false, refused, detail };
}

/**
 * Forwards the registrations the relay took while the district could not be
 * reached (decision 0011), oldest first. The district opens each, checks the
 * password in it against its own verifier and registers the key (201): the key
 * is then the district's, and the relay's copy is no longer provisional. One the
 * district refuses for good (400, 401, 403: wrong password now, another office's
 * person, a bad key) is dropped, and its key revoked here with the sessions of
 * that person on that device, so nothing more it signs is taken at either tier.
 * Null when all are through, else why the district could not be asked (the
 * rest wait for the next run, and so does the push: work signed by a key goes
 * up only after its registration).
 */
export async function forwardRegistrations(
  up: Upstream,
  token: string,
  storage: ServerStorage,
  pending: PendingRegistrations,
  now: number,
  log: (line: string) => void,
): Promise<string | null> {
  for (const reg of pending.list()) {
    let res: Response;
    try {
      res = await up.fetch(up.url + API.relayRegistrations, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ sealed: reg.sealed }),
      });
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
    const body = (await res.json().catch(() => null)) as {
      error?: string;
      detail?: string;
      deviceNumber?: number;
    } | null;
    // 401 is also the district's word for a session of the relay's that ended.
    if (res.status === 401 && body?.error !== 'badCredentials') return SESSION_ENDED;
    const who = `${reg.person} on ${reg.deviceId}`;
    if (res.status === 201) {
      const n = body?.deviceNumber;
      // The tablet's device number at the district, for the tablet (GET /api/device-keys).
      if (typeof n === 'number' && Number.isSafeInteger(n) && n >= 1)
        await pending.confirm(reg.keyId, reg.deviceId, n);
      else await pending.remove(reg.keyId);
      log(
        `relay: the district confirmed the provisional key ${reg.keyId} of ${who} (device number ${n ?? 'none'})`,
      );
      continue;
    }
    if (res.status !== 400 && res.status !== 401 && res.status !== 403)
      return `registrations: HTTP ${res.status}`;
    await storage.revokeDeviceKeys(reg.person, reg.deviceId, now);
    for (const s of await storage.listLiveSessions(now))
      if (s.person === reg.person && s.deviceId === reg.deviceId)
        await storage.revokeSession(s.tokenHash, now);
    await pending.remove(reg.keyId);
    log(
      `relay: the district refused the provisional key ${reg.keyId} of ${who}: ${body?.detail ?? res.status}`,
    );
  }
  return null;
}

/** What refreshKeys answers when the district no longer knows the relay's token. */
export const SESSION_ENDED = 'the session at the district ended; signing in again';

/**
 * The revocations of the office's people the district recorded: each is recorded
 * here too, with the district's time, and ends their sessions at the relay that
 * began before it (on that device, or on all), so their tablets here are told
 * `accessRevoked` at their next sync and nothing more of theirs is taken; a
 * session begun after it (they signed in again) stays.
 */
async function applyRevocations(
  storage: ServerStorage,
  revocations: readonly AccessRevocation[],
  now: number,
): Promise<void> {
  const live = await storage.listLiveSessions(now);
  for (const r of revocations) {
    const person = asPersonId(r.person);
    const device = r.device === null ? null : asDeviceId(r.device);
    await storage.recordAccessRevocation(person, device, r.at);
    for (const s of live) {
      if (s.person !== person || (device !== null && s.deviceId !== device)) continue;
      if (s.createdAt <= r.at) await storage.revokeSession(s.tokenHash, r.at);
    }
  }
}

/**
 * The district's password verifiers of the office's people, kept so the relay can
 * check their sign-ins while the WAN is down (decision 0011): each is stored as
 * the district sent it, and a person the district no longer lists (password
 * removed, moved to another office) loses the copy here. Absent (an older
 * district), nothing changes.
 */
async function keepVerifiers(
  storage: ServerStorage,
  verifiers: readonly PasswordVerifier[] | undefined,
): Promise<void> {
  if (verifiers === undefined) return;
  const listed = new Set<string>();
  for (const v of verifiers) {
    if (typeof v.hash !== 'string' || parsePasswordHash(v.hash) === null) continue;
    listed.add(v.person);
    const kept = await storage.getCredential(v.person);
    if (kept?.hash !== v.hash)
      await storage.setCredential({ person: v.person, hash: v.hash, source: 'district' });
  }
  for (const c of await storage.listCredentials())
    if (!listed.has(c.person)) await storage.deleteCredential(c.person);
}

/**
 * Fetches the district's device keys and stores them (and their revocations), and
 * applies the revocations of the office's people recorded after `revokedAfter`:
 * the newest one's time, or why the district could not be asked.
 */
export async function refreshKeys(
  up: Upstream,
  token: string,
  storage: ServerStorage,
  now: number,
  revokedAfter: number,
  /** The ETag of the last list taken: unchanged, the district answers 304 without it. */
  tag: string,
): Promise<
  { readonly revokedUpTo: number; readonly tag: string; readonly sealKey?: string } | string
> {
  let body: DeviceKeysResponse;
  let newTag: string;
  try {
    const res = await up.fetch(`${up.url}${API.deviceKeys}?revokedAfter=${revokedAfter}`, {
      headers: {
        authorization: `Bearer ${token}`,
        ...(tag === '' ? {} : { 'if-none-match': tag }),
      },
    });
    if (res.status === 401) return SESSION_ENDED;
    if (res.status === 304) return { revokedUpTo: revokedAfter, tag };
    newTag = res.headers.get('etag') ?? '';
    if (!res.ok) return `device keys: HTTP ${res.status}`;
    body = (await res.json()) as DeviceKeysResponse;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  for (const k of body.deviceKeys) {
    if (!(await keepDistrictKey(storage, k, now))) continue;
    // Revocation goes by person and device: not while a newer key of theirs there is valid.
    const replaced = body.deviceKeys.some(
      (o) => o.person === k.person && o.device === k.device && o.revokedAt === null,
    );
    if (k.revokedAt !== null && !replaced)
      await storage.revokeDeviceKeys(k.person, k.device, k.revokedAt);
  }
  const revocations = body.revocations ?? [];
  await applyRevocations(storage, revocations, now);
  await keepVerifiers(storage, body.verifiers);
  return {
    revokedUpTo: Math.max(revokedAfter, ...revocations.map((r) => r.at)),
    tag: newTag,
    ...(body.sealKey === undefined ? {} : { sealKey: body.sealKey }),
  };
}

/** The district's `revoked` of a session-ends answer, by token hash (malformed entries left out). */
function revocationTimes(revoked: unknown): ReadonlyMap<string, number> {
  const times = new Map<string, number>();
  for (const r of Array.isArray(revoked) ? (revoked as unknown[]) : []) {
    if (typeof r !== 'object' || r === null) continue;
    const { tokenHash, at } = r as Record<string, unknown>;
    if (typeof tokenHash === 'string' && Number.isSafeInteger(at) && (at as number) >= 0)
      times.set(tokenHash, at as number);
  }
  return times;
}

/**
 * Sign-out at either tier ends the session at both (decision 0015, amendment 2):
 * the relay tells the district of the sessions its tablets signed out here (the
 * district ends them too), and, when `check` (every PATRAVALI_RELAY_SESSION_CHECK_MS),
 * asks which of its live sessions the district ended, and ends those here (their
 * push sockets closed by `closeSession`); one the district says ended because the
 * person's access was revoked on that device has the revocation recorded here
 * first, so its tablet is told `accessRevoked` even when the revocation came after
 * this run's device keys. A session the district does not know (a
 * provisional one) is not named and stays. Only at a run that reaches the district:
 * while the WAN is down, every session here goes on working. A string when the
 * district could not be reached, or ended the relay's session (SESSION_ENDED);
 * else the district's answer, `{ status: 200 }` when all was told, another status
 * when it answered otherwise (404: a district older than this call); null when
 * there was nothing to ask (no sign-out to tell, no check due or no session to
 * check), which says nothing of the district. Either way what was not told is
 * told at a later run; the district's answer is taken only for hashes the relay
 * asked about.
 */
export async function tellSessions(
  up: Upstream,
  token: string,
  storage: ServerStorage,
  signOuts: SignOuts,
  check: boolean,
  now: number,
  closeSession: (tokenHash: string) => void,
): Promise<string | { readonly status: number } | null> {
  const out = signOuts.list(now).map((o) => o.tokenHash);
  const live = check ? (await storage.listLiveSessions(now)).map((s) => s.tokenHash) : [];
  let answered: { readonly status: number } | null = null;
  for (let i = 0; i < Math.max(out.length, live.length); i += SESSION_ENDS_MAX) {
    const request: RelaySessionEndsRequest = {
      signedOut: out.slice(i, i + SESSION_ENDS_MAX),
      check: live.slice(i, i + SESSION_ENDS_MAX),
    };
    let res: Response;
    let body: unknown;
    try {
      res = await up.fetch(up.url + API.relaySessionEnds, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(request),
      });
      body = await res.json().catch(() => null);
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
    if (res.status === 401) return SESSION_ENDED;
    if (res.status !== 200) return { status: res.status };
    await signOuts.told(request.signedOut, now);
    const asked = new Set(request.check);
    const { ended, revoked } = (body ?? {}) as { ended?: unknown; revoked?: unknown };
    const revokedAt = revocationTimes(revoked);
    for (const tokenHash of Array.isArray(ended) ? ended : []) {
      if (typeof tokenHash !== 'string' || !asked.has(tokenHash)) continue;
      const at = revokedAt.get(tokenHash);
      const session = at === undefined ? null : await storage.findSession(tokenHash);
      // Recorded first, so the tablet is told `accessRevoked`, not "sign in again".
      if (session !== null && at !== undefined)
        await storage.recordAccessRevocation(session.person, session.deviceId, at);
      if (await storage.revokeSession(tokenHash, now)) closeSession(tokenHash);
    }
    answered = { status: 200 };
  }
  return answered;
}
