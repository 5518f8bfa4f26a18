import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findPerson } from '@domain/directory.ts';
import type { PersonId } from '@domain/ids.ts';
import type { SessionRow } from '../storage/types.ts';
import {
  API,
  SESSION_ENDS_MAX,
  type RelaySessionEndRevoked,
  type RelaySessionEndsRequest,
  type RelaySessionEndsResponse,
  type RelaySessionNotFound,
  type RelaySessionRequest,
  type RelaySessionResponse,
  type RelaySessionRevoked,
} from '@protocol/api.ts';
import { isRelayId, relayScope } from '../relay/relay-identity.ts';
import { signedIn } from '../auth/accounts.ts';
import { authOf, refuseUnauthenticated, sendApiError } from './context.ts';
import type { AppContext } from './context.ts';

const schema = {
  body: {
    type: 'object',
    required: ['tokenHash'],
    additionalProperties: false,
    properties: { tokenHash: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
  },
} as const;

/**
 * The people of the office of the relay whose session `request` is; null when it
 * is not a relay's (the refusal sent).
 */
async function relayPeople(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<ReadonlySet<PersonId> | null> {
  const auth = await authOf(ctx, request);
  if (!signedIn(auth)) {
    refuseUnauthenticated(reply, auth);
    return null;
  }
  if (!isRelayId(auth.person.id)) {
    sendApiError(reply, 403, {
      error: 'forbidden',
      detail: 'only an office relay asks the district about its tablets’ sessions',
    });
    return null;
  }
  return new Set(relayScope(ctx.directory, auth.person).people);
}

/** When the district revoked the session's person's access on its device since it began, or null. */
const revokedSince = (ctx: AppContext, session: SessionRow): Promise<number | null> =>
  ctx.storage.accessRevokedSince(session.person, session.deviceId, session.createdAt);

/** A session of one of `people` (never a relay's own). */
const ofPeople = (
  session: SessionRow | null,
  people: ReadonlySet<PersonId>,
): session is SessionRow =>
  session !== null && people.has(session.person) && !isRelayId(session.person);

/**
 * A session of a person (never a relay) that the district itself answers with more
 * than "sign in again" (sync-routes.ts): a live one, which it syncs, or one whose
 * person's access it revoked on its device since it began, live or not, which it
 * answers `accessRevoked` (the tablet then wipes that person's data). A session
 * signed out or expired, and not revoked, is neither.
 */
async function answeredAtDistrict(ctx: AppContext, session: SessionRow | null): Promise<boolean> {
  if (session === null || isRelayId(session.person)) return false;
  if (findPerson(ctx.directory, session.person) === undefined) return false;
  if ((await revokedSince(ctx, session)) !== null) return true;
  return session.revokedAt === null && session.expiresAt > ctx.now();
}

const hashes = {
  type: 'array',
  maxItems: SESSION_ENDS_MAX,
  items: { type: 'string', pattern: '^[0-9a-f]{64}$' },
} as const;

const endsSchema = {
  body: {
    type: 'object',
    required: ['signedOut', 'check'],
    additionalProperties: false,
    properties: { signedOut: hashes, check: hashes },
  },
} as const;

/**
 * Sign-out at either tier ends the session at both (decision 0015, amendment 2).
 * An office relay sends, at an upstream run, the hashes of the sessions its
 * tablets signed out there, which the district ends too (and closes their push
 * sockets), and the hashes of its live sessions, of which the district names
 * those it ended (signed out here, revoked, expired), for the relay to end, and
 * which of them ended because the person's access was revoked on that device
 * (`revoked`, with when), for the relay to say so to the tablet. Only
 * sessions of the relay's office's people count; any other hash changes nothing
 * and is not named, nor is a hash the district does not know (a session made at
 * the relay alone).
 */
export function registerRelaySessionEndsRoute(app: FastifyInstance, ctx: AppContext): void {
  app.post<{ Body: RelaySessionEndsRequest }>(
    API.relaySessionEnds,
    { schema: endsSchema, bodyLimit: 2 * SESSION_ENDS_MAX * 70 + 1024 },
    async (request, reply) => {
      const people = await relayPeople(ctx, request, reply);
      if (people === null) return reply;
      const now = ctx.now();
      for (const tokenHash of new Set(request.body.signedOut)) {
        if (!ofPeople(await ctx.storage.findSession(tokenHash), people)) continue;
        await ctx.storage.revokeSession(tokenHash, now);
        ctx.hub.closeSession(tokenHash);
      }
      const ended: string[] = [];
      const revoked: RelaySessionEndRevoked[] = [];
      for (const tokenHash of new Set(request.body.check)) {
        const session = await ctx.storage.findSession(tokenHash);
        if (!ofPeople(session, people)) continue;
        if (session.revokedAt === null && session.expiresAt > now) continue;
        ended.push(tokenHash);
        const at = await revokedSince(ctx, session);
        if (at !== null) revoked.push({ tokenHash, at });
      }
      const body: RelaySessionEndsResponse = { ended, ...(revoked.length > 0 ? { revoked } : {}) };
      return reply.send(body);
    },
  );
}

/**
 * A tablet that signed in at the district's own address while its office relay
 * was off (decision 0015) shows that session's token at the relay once it is
 * back. The relay asks here, with the token's hash only, whether it is a live
 * session of one of its office's people; it keeps the answer as it keeps a
 * forwarded sign-in's (sync-server/relay/relay-sign-in.ts). A session whose
 * person's access the district revoked on its device after it began is 410 with
 * the person and the time, so the relay tells the tablet `accessRevoked` as the
 * district does (sync-routes.ts). Anything else, a signed-out or expired session,
 * another office's person, an unknown hash, is 404: the relay learns nothing of
 * sessions it was not shown. The 404 for a session of a person of another office
 * that the district answers with more than "sign in again" (answeredAtDistrict: live,
 * or its person's access revoked on its device since it began) says so
 * (`otherOffice`, decision 0017 amendment 2) and nothing more, the same for both: the
 * relay tells the tablet, which syncs at the district's own address instead of
 * asking its person to sign in again, and there is synced or told `accessRevoked`
 * (and wipes that person's data, as at home). The relay learns neither who nor
 * which: only that the token it was shown is answered here, which it could learn by
 * syncing here with it.
 */
export function registerRelaySessionRoute(app: FastifyInstance, ctx: AppContext): void {
  app.post<{ Body: RelaySessionRequest }>(
    API.relaySessions,
    { schema, bodyLimit: 1024 },
    async (request, reply) => {
      const people = await relayPeople(ctx, request, reply);
      if (people === null) return reply;
      const session = await ctx.storage.findSession(request.body.tokenHash);
      const notFound = (): unknown =>
        sendApiError(reply, 404, {
          error: 'notFound',
          detail: 'no live session of this office’s people has this token',
        });
      if (!ofPeople(session, people)) {
        if (!(await answeredAtDistrict(ctx, session))) return notFound();
        // The same words for a live session and a revoked one: who, and whether, is the
        // district's to tell the tablet, not this relay.
        const elsewhere: RelaySessionNotFound = {
          error: 'notFound',
          detail: 'a session of a person of another office has this token; sync at the district',
          otherOffice: true,
        };
        return reply.code(404).send(elsewhere);
      }
      const revokedAt = await revokedSince(ctx, session);
      if (revokedAt !== null) {
        const revoked: RelaySessionRevoked = {
          error: 'accessRevoked',
          detail: `the administrator revoked ${session.person}'s access on this device`,
          person: session.person,
          at: revokedAt,
        };
        return reply.code(410).send(revoked);
      }
      if (session.revokedAt !== null || session.expiresAt <= ctx.now()) return notFound();
      const body: RelaySessionResponse = {
        person: session.person,
        deviceId: session.deviceId,
        createdAt: session.createdAt,
        expiresAt: session.expiresAt,
      };
      return reply.send(body);
    },
  );
}
