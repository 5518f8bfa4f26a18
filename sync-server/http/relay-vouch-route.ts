import type { FastifyInstance } from 'fastify';
import { API } from '@protocol/api.ts';
import { isRelayId } from '../relay/relay-identity.ts';
import { signedIn } from '../auth/accounts.ts';
import { authOf, refuseUnauthenticated, sendApiError } from './context.ts';
import type { AppContext } from './context.ts';

/**
 * The district's word for an office relay's log key (decision 0017):
 * - at the district, `POST /api/relay/log-key` `{ key }` on a relay's own session
 *   answers the vouch for that key, bound to the relay's office, recorded and logged
 *   (auth/relay-vouches.ts); 403 for a second, different key of the same account;
 * - at a relay, `GET /api/log-key-vouch` answers the vouch it holds (404 while it
 *   has none). No session is asked: the vouch is public, and a tablet asks it
 *   exactly when it cannot yet check the relay's answers.
 */

const keySchema = {
  body: {
    type: 'object',
    required: ['key'],
    additionalProperties: false,
    properties: { key: { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$' } },
  },
} as const;

export function registerRelayVouchRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { vouchRelay, relayVouch } = ctx;
  if (vouchRelay !== undefined) {
    app.post<{ Body: { key: string } }>(
      API.relayLogKey,
      { schema: keySchema },
      async (request, reply) => {
        const auth = await authOf(ctx, request);
        if (!signedIn(auth)) return refuseUnauthenticated(reply, auth);
        if (!isRelayId(auth.person.id))
          return sendApiError(reply, 403, {
            error: 'forbidden',
            detail: 'only an office relay has its log key vouched for',
          });
        const answer = await vouchRelay(auth.person.id, auth.person.office, request.body.key);
        if ('refused' in answer)
          return sendApiError(reply, 403, { error: 'forbidden', detail: answer.refused });
        return reply.send(answer);
      },
    );
  }
  if (relayVouch !== undefined) {
    app.get(API.logKeyVouch, async (_request, reply) => {
      const vouch = relayVouch();
      if (vouch === null)
        return sendApiError(reply, 404, {
          error: 'notFound',
          detail: 'this relay has no word from the district for its log key yet',
        });
      return reply.send(vouch);
    });
  }
}
