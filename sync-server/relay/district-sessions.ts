import { findPerson, type Directory, type Person } from '@domain/directory.ts';
import { asPersonId, type OfficeId } from '@domain/ids.ts';
import { API, type RelaySessionResponse } from '@protocol/api.ts';
import type { NotCheckedYet } from '../auth/accounts.ts';
import { hashToken } from '../auth/tokens.ts';
import type { ServerStorage } from '../storage/types.ts';
import { createAskBudget } from './ask-budget.ts';
import { takeSessionKeys } from './session-keys.ts';

/**
 * The relay's questions to the district about session tokens it does not know
 * (decision 0015, "Sessions"), and their budget: used by the relay's accounts
 * (relay-sign-in.ts) when a tablet shows a token the district made at its own
 * address while the relay was off.
 */

/** What the questions need of the relay's upstream link (relay-sign-in.ts UpstreamLink). */
export interface SessionsLink {
  readonly url: string;
  readonly fetch: typeof fetch;
  readonly now: () => number;
  /** The relay's office: only its people's sessions are kept. */
  readonly office: OfficeId;
  /** The district's directory as the relay has it now (relay-directory.ts). */
  readonly directory: () => Directory;
  /** The relay's own session at the district ('' while it has none). */
  readonly token: () => string;
}

/** A token whose person's access the district revoked on its device, and when. */
interface Revoked {
  readonly person: Person;
  readonly at: number;
}

/** How long a token the district did not know is not asked about again. */
const UNKNOWN_TOKEN_MS = 60_000;
/**
 * How long a token the district called another office's person's (live, or its access
 * revoked there: the district does not say which) is not asked about again (decision
 * 0017, amendment 2). It is answered `otherOffice` until the district says otherwise,
 * also past this while the district cannot be asked: its tablet syncs at the district,
 * which checks the session itself, so a session ended there since is still "sign in
 * again" at the district, one whose access it revoked is `accessRevoked` there (and the
 * tablet wipes that person's data), and a visitor is not told to sign in again here,
 * where she could not.
 */
export const OTHER_OFFICE_MS = 10 * 60_000;
const UNKNOWN_TOKENS_KEPT = 1000;
/**
 * How long a tablet is told to wait (NotCheckedYet) when the district did not
 * answer about its token: unreachable, 5xx, 429, or the relay's own session there
 * refused. Nothing is remembered; its next sync asks again, within the budget.
 */
const DISTRICT_AGAIN_MS = 10_000;
/**
 * Questions to the district about tokens the relay does not know, per minute:
 * from one address of the LAN, and from all together (ask-budget.ts). A tablet,
 * or anyone on the LAN, showing many random tokens makes the relay ask at most
 * this many; beyond it the token is refused without asking, `429` with the time
 * the budget allows its question (NotCheckedYet), and not remembered as unknown:
 * the tablet waits and syncs again, a real session of the district then gets
 * through, and nobody signs in again. An office's tablets coming back from the
 * district's address each need one question, once.
 */
export const ASKS_PER_ADDRESS = 5;
export const ASKS_PER_MINUTE = 30;
/** A person of `upstream`'s office, by the id the district named. */
function officePerson(id: unknown, upstream: SessionsLink): Person | null {
  if (typeof id !== 'string') return null;
  const known = findPerson(upstream.directory(), asPersonId(id));
  return known === undefined || known.office !== upstream.office ? null : known;
}

/** The district's 410 about a session whose person's access it revoked (RelaySessionRevoked). */
function revokedOf(body: unknown, upstream: SessionsLink): Revoked | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  const person = officePerson(b['person'], upstream);
  const at = b['at'];
  if (person === null || typeof at !== 'number' || !Number.isSafeInteger(at) || at < 0) return null;
  return { person, at };
}

/** The district's 404 says the token is another office's person's session, for it to answer. */
function otherOfficeOf(body: unknown): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    (body as Record<string, unknown>)['otherOffice'] === true
  );
}

/** The district's answer about a session, if it is one of `upstream`'s office's people. */
function sessionOf(body: unknown, upstream: SessionsLink): RelaySessionResponse | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  const { person, deviceId, createdAt, expiresAt } = b;
  if (typeof person !== 'string' || typeof deviceId !== 'string') return null;
  if (!Number.isSafeInteger(createdAt) || !Number.isSafeInteger(expiresAt)) return null;
  if (officePerson(person, upstream) === null) return null;
  return body as RelaySessionResponse;
}

/**
 * A session the district made at its own address while this relay was off
 * (decision 0015): once the tablet is back at the relay and shows its token, the
 * relay asks the district (with the token's hash only) and, if it is a live
 * session of one of its office's people, keeps it as it keeps a forwarded
 * sign-in's. A token the district does not know (its 404) is refused, and the
 * tablet asked to sign in again; it is not asked about again for a minute. A
 * district that is busy (5xx, 429) says nothing of the token: nothing is
 * remembered and the tablet is told to wait (NotCheckedYet), never signed out.
 * One that cannot be asked (the WAN down, or no session of the relay's own there:
 * none yet, or its 401) may stay so for days: nothing is remembered and the
 * tablet is asked to sign in, which the relay checks itself, so work keeps
 * moving on the office's LAN (the next sync after the WAN is back asks again).
 * A session of another office's person, live or its access revoked (the district's 404
 * says `otherOffice`, not which), is remembered for OTHER_OFFICE_MS and refused
 * `otherOffice`, so its tablet syncs at the district's own address instead, which
 * syncs it or tells it `accessRevoked` (decision 0017, amendment 2).
 * A token whose person's access the district revoked (410) is
 * remembered (in memory: the district says the same again after a restart), so
 * the tablet is told `accessRevoked` as the district tells it, and wipes its data.
 */
export function districtSessions(storage: ServerStorage, upstream: SessionsLink) {
  const unknown = new Map<string, number>();
  /** Tokens the district called live sessions of another office's people, until when. */
  const elsewhere = new Map<string, number>();
  const revoked = new Map<string, Revoked>();
  const asking = new Map<string, Promise<'answered' | 'busy' | 'unasked'>>();
  const budget = createAskBudget(ASKS_PER_ADDRESS, ASKS_PER_MINUTE);

  /**
   * Asks the district about `tokenHash`: `answered` (the session kept, its access
   * revoked, or unknown there: remembered for a minute), `busy` (5xx, 429: the
   * tablet is told to wait) or `unasked` (the WAN down, no session of the relay's
   * own: the tablet is asked to sign in at the relay); nothing is remembered but
   * an answer.
   */
  async function ask(tokenHash: string): Promise<'answered' | 'busy' | 'unasked'> {
    const token = upstream.token();
    if (token === '') return 'unasked';
    let res: Response;
    try {
      res = await upstream.fetch(upstream.url + API.relaySessions, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ tokenHash }),
      });
    } catch {
      return 'unasked';
    }
    if (res.status === 401) return 'unasked';
    if (res.status !== 200 && res.status !== 404 && res.status !== 410) return 'busy';
    // Answered: what the district said of the token before is replaced.
    elsewhere.delete(tokenHash);
    const ended =
      res.status === 410 ? revokedOf(await res.json().catch(() => null), upstream) : null;
    if (ended !== null) {
      if (revoked.size >= UNKNOWN_TOKENS_KEPT) revoked.clear();
      revoked.set(tokenHash, ended);
      return 'answered';
    }
    const body: unknown = res.status === 410 ? null : await res.json().catch(() => null);
    const session = res.status === 200 ? sessionOf(body, upstream) : null;
    if (session === null) {
      const map = res.status === 404 && otherOfficeOf(body) ? elsewhere : unknown;
      if (map.size >= UNKNOWN_TOKENS_KEPT) map.clear();
      const ms = map === elsewhere ? OTHER_OFFICE_MS : UNKNOWN_TOKEN_MS;
      map.set(tokenHash, upstream.now() + ms);
      return 'answered';
    }
    if ((await storage.findSession(tokenHash)) !== null) return 'answered';
    await storage.registerDevice(session.deviceId, upstream.office, '', session.createdAt);
    // Before the session is kept: its tablet's first push here is judged with its key.
    await takeSessionKeys(storage, upstream, token, session);
    await storage.createSession({
      tokenHash,
      person: session.person,
      deviceId: session.deviceId,
      createdAt: session.createdAt,
      expiresAt: session.expiresAt,
      revokedAt: null,
    });
    return 'answered';
  }

  /**
   * Asks the district about a token this relay holds no session for; true once it
   * is kept, false if not; when the budget does not allow the question, it is not
   * asked and the answer says when it may be, as when the district did not answer
   * (decided here, in one step: nothing another request does in between turns it
   * into a refusal).
   */
  async function learn(token: string, source: string): Promise<boolean | NotCheckedYet> {
    const tokenHash = hashToken(token);
    if ((await storage.findSession(tokenHash)) !== null) return false;
    if (revoked.has(tokenHash)) return false;
    if ((unknown.get(tokenHash) ?? 0) > upstream.now()) return false;
    if ((elsewhere.get(tokenHash) ?? 0) > upstream.now()) return false;
    let pending = asking.get(tokenHash);
    if (pending === undefined) {
      const now = upstream.now();
      if (!budget.take(source, now)) return { laterMs: Math.max(1, budget.wait(source, now)) };
      pending = ask(tokenHash).finally(() => asking.delete(tokenHash));
      asking.set(tokenHash, pending);
    }
    const asked = await pending;
    if ((await storage.findSession(tokenHash)) !== null) return true;
    return asked === 'busy' ? { laterMs: DISTRICT_AGAIN_MS } : false;
  }

  /** What the district said of a token whose person's access it revoked, or null. */
  const revokedAccess = (token: string): Revoked | null => revoked.get(hashToken(token)) ?? null;

  /**
   * Whether the district called this token another office's person's session when last
   * asked (and this relay holds no session of it): asked again after
   * OTHER_OFFICE_MS, it stays so until the district answers otherwise.
   */
  const otherOffice = (token: string): boolean => elsewhere.has(hashToken(token));

  return { learn, revokedAccess, otherOffice };
}
