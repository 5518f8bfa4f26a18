import type { FastifyInstance } from 'fastify';
import {
  API,
  type RelaySessionRequest,
  type RelaySessionResponse,
  type RelaySessionRevoked,
} from '@protocol/api.ts';
import { isRelayId, relayScope } from '../relay/relay-identity.ts';
import { authOf, sendApiError } from './context.ts';
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
 * A tablet that signed in at the district's own address while its office relay
 * was off (decision 0015) shows that session's token at the relay once it is
 * back. The relay asks here, with the token's hash only, whether it is a live
 * session of one of its office's people; it keeps the answer as it keeps a
 * forwarded sign-in's (sync-server/relay/relay-sign-in.ts). A session whose
 * person's access the district revoked on its device after it began is 410 with
 * the person and the time, so the relay tells the tablet `accessRevoked` as the
 * district does (sync-routes.ts). Anything else, a signed-out or expired session,
 * another office's person, an unknown hash, is 404: the relay learns nothing of
 * sessions it was not shown.
 */
export function registerRelaySessionRoute(app: FastifyInstance, ctx: AppContext): void {
  app.post<{ Body: RelaySessionRequest }>(
    API.relaySessions,
    { schema, bodyLimit: 1024 },
    async (request, reply) => {
      const auth = await authOf(ctx, request);
      if (auth === null)
        return sendApiError(reply, 401, { error: 'unauthenticated', detail: 'sign in first' });
      if (!isRelayId(auth.person.id))
        return sendApiError(reply, 403, {
          error: 'forbidden',
          detail: 'only an office relay asks the district about its tablets’ sessions',
        });
      const session = await ctx.storage.findSession(request.body.tokenHash);
      const people = new Set(relayScope(ctx.directory, auth.person).people);
      const notFound = (): unknown =>
        sendApiError(reply, 404, {
          error: 'notFound',
          detail: 'no live session of this office’s people has this token',
        });
      if (session === null || !people.has(session.person) || isRelayId(session.person))
        return notFound();
      const revokedAt = await ctx.storage.accessRevokedSince(
        session.person,
        session.deviceId,
        session.createdAt,
      );
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
