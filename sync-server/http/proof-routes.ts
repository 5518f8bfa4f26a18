import type { FastifyInstance } from 'fastify';
import { proofsToJson, type ItemProof } from '@doc/record-proofs.ts';
import type { RecordId } from '@domain/ids.ts';
import { API } from '@protocol/api.ts';
import { reachOf, recordInScope } from '../sync/scope.ts';
import { principalScope } from '../relay/relay-identity.ts';
import { signedIn } from '../auth/accounts.ts';
import { authOf, refuseUnauthenticated, retryAfterSeconds, sendApiError } from './context.ts';
import type { AppContext } from './context.ts';

/**
 * GET /api/records/:id/proofs: the inclusion proof of each of a record's log
 * entries against the latest signed tree head (src/doc/record-proofs.ts), for
 * a record the person may sync. A record out of scope is answered exactly as
 * one that does not exist, so ids reveal nothing. `?of=district`: the district's
 * own proofs; an office relay asks the district for them and passes them on as
 * the district signed them (decision 0020), the district answers its own.
 */

const UUID = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

const proofSchema = {
  params: {
    type: 'object',
    required: ['id'],
    additionalProperties: false,
    properties: { id: { type: 'string', pattern: UUID } },
  },
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: { of: { type: 'string', enum: ['district'] } },
  },
} as const;

export function registerProofRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { id: string }; Querystring: { of?: 'district' } }>(
    API.recordProofs,
    { schema: proofSchema },
    async (request, reply) => {
      const auth = await authOf(ctx, request);
      if (!signedIn(auth)) return refuseUnauthenticated(reply, auth);
      // Each answer reads a proof per entry: one person's flood must not cost everyone.
      const wait = ctx.proofRate.take(auth.person.id, ctx.now());
      if (wait !== null) {
        reply.header('retry-after', retryAfterSeconds(wait));
        return sendApiError(reply, 429, {
          error: 'tooManyRequests',
          detail: `too many proof requests; try again in ${wait} ms`,
        });
      }
      const recordId = request.params.id as RecordId;
      // A confidential record's proofs reach its access list only (issue 17).
      const reach = await reachOf(ctx.storage, recordId);
      // An office relay asks for what any of its office's people may see (decision 0020).
      if (reach === null || !recordInScope(principalScope(ctx.directory, auth.person), reach))
        return sendApiError(reply, 404, {
          error: 'notFound',
          detail: `no record ${recordId} in your scope`,
        });
      if (request.query.of === 'district' && ctx.districtProofs !== undefined) {
        const got = await ctx.districtProofs(recordId);
        if (got.ok) return reply.send(got.body);
        // The district's own "no such record", told apart from the relay's (decision 0020).
        if (got.status === 404)
          return sendApiError(reply, 404, { error: 'districtNotFound', detail: got.detail });
        if (got.status === 429) {
          reply.header('retry-after', retryAfterSeconds(got.retryAfterMs));
          return sendApiError(reply, 429, { error: 'tooManyRequests', detail: got.detail });
        }
        return sendApiError(reply, got.status, {
          error: 'districtUnreachable',
          detail: got.detail,
        });
      }
      // Leaves first, then the head: every leaf read is inside the head.
      const leaves = await ctx.storage.recordLeaves(recordId);
      const head = await ctx.heads.latest();
      const items: ItemProof[] = [];
      for (const l of leaves) {
        if (l.leaf >= head.size) continue;
        items.push({ ...l, path: await ctx.storage.logInclusion(l.leaf, head.size) });
      }
      return reply.send(proofsToJson({ recordId, head, items }));
    },
  );
}
