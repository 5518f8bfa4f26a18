import type { RecordId } from '@domain/ids.ts';
import { nodeVerifier } from '../auth/device-keys.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { API } from '@protocol/api.ts';
import { decodeFrame, encodeFrame } from '@protocol/codec.ts';
import { MAX_FRAME_BYTES } from '@protocol/messages.ts';
import type { ErrorCode, Frame } from '@protocol/messages.ts';
import { handleSync } from '../sync/handle-sync.ts';
import { RecordConflictError } from '../storage/types.ts';
import { principalScope } from '../relay/relay-identity.ts';
import { tellLaterRefusals } from '../relay/tell-refusals.ts';
import { decodeRequestBody } from './body-encoding.ts';
import { bearerToken } from '../auth/tokens.ts';
import { signedIn, type NotCheckedYet } from '../auth/accounts.ts';
import { authOf, retryAfterSeconds } from './context.ts';
import type { AppContext } from './context.ts';

/**
 * POST /api/sync: binary frames, compressed above COMPRESS_MIN_BYTES: requests
 * gzip, responses brotli or gzip as the client accepts. The push channel is
 * push-route.ts.
 */

const BINARY = 'application/octet-stream';

const STATUS_OF: Readonly<Record<ErrorCode, number>> = {
  clientTooOld: 426,
  serverTooOld: 400,
  unauthenticated: 401,
  frameMalformed: 400,
  frameTooLarge: 413,
  forbidden: 403,
  deviceMismatch: 403,
  tooManyRequests: 429,
  dailyLimit: 429,
  // 401: a device from before the code reads the status alone and asks to sign in again.
  accessRevoked: 401,
  busy: 503,
  // 401: a device from before the code asks to sign in again, as it did.
  otherOffice: 401,
};

/** How long a device waits after `busy`: the exchanges it met take milliseconds. */
const BUSY_RETRY_SECONDS = '1';

export function sendFrame(reply: FastifyReply, status: number, frame: Frame): FastifyReply {
  return reply
    .code(status)
    .type(BINARY)
    .send(Buffer.from(encodeFrame(frame)));
}

export function sendErrorFrame(reply: FastifyReply, code: ErrorCode, detail: string): FastifyReply {
  return sendFrame(reply, STATUS_OF[code], { type: 'error', code, detail });
}

/**
 * Why a session's token is not taken: not checked yet (an office relay's budget
 * of questions to the district; the device waits), revoked by the administrator,
 * or just "sign in again".
 */
async function refuseSession(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  auth: NotCheckedYet | null,
): Promise<FastifyReply> {
  if (auth !== null) {
    reply.header('retry-after', retryAfterSeconds(auth.laterMs));
    return sendErrorFrame(
      reply,
      'tooManyRequests',
      `this session cannot be checked yet; try again in ${auth.laterMs} ms`,
    );
  }
  const token = bearerToken(request.headers.authorization);
  const revoked = await ctx.accounts.accessRevoked(token);
  if (revoked === null && (await ctx.accounts.otherOffice?.(token)) === true)
    return sendErrorFrame(
      reply,
      'otherOffice',
      "this is another office's relay; sync at the district's own address",
    );
  if (revoked === null) return sendErrorFrame(reply, 'unauthenticated', 'sign in again');
  const when = new Date(revoked.at).toISOString();
  return sendErrorFrame(
    reply,
    'accessRevoked',
    `the administrator revoked ${revoked.person.id}'s access on this device at ${when}`,
  );
}

export function registerSyncRoutes(app: FastifyInstance, ctx: AppContext): void {
  // One verifier for the server's life, so each key's KeyObject is built once.
  const verify = nodeVerifier();
  app.addContentTypeParser(
    BINARY,
    { parseAs: 'buffer', bodyLimit: MAX_FRAME_BYTES },
    (_req, body, done) => {
      done(null, body);
    },
  );

  app.post(API.sync, { bodyLimit: MAX_FRAME_BYTES }, async (request, reply) => {
    if (!(request.body instanceof Uint8Array)) {
      return sendErrorFrame(reply, 'frameMalformed', `send the frame as ${BINARY}`);
    }
    const body = await decodeRequestBody(request.body, request.headers['content-encoding']);
    if (!body.ok) return sendErrorFrame(reply, body.error.code, body.error.detail);
    const decoded = decodeFrame(body.value);
    if (!decoded.ok) return sendErrorFrame(reply, decoded.error.code, decoded.error.detail);
    const frame = decoded.value;
    if (frame.type !== 'syncRequest')
      return sendErrorFrame(reply, 'frameMalformed', 'expected a sync request');
    const auth = await authOf(ctx, request);
    if (!signedIn(auth)) return refuseSession(ctx, request, reply, auth);
    if (frame.deviceId !== auth.session.deviceId) {
      return sendErrorFrame(reply, 'deviceMismatch', 'this session belongs to another device');
    }
    const wait = ctx.syncRate.take(auth.person.id, ctx.now());
    if (wait !== null) {
      reply.header('retry-after', retryAfterSeconds(wait));
      return sendErrorFrame(reply, 'tooManyRequests', `too many syncs; try again in ${wait} ms`);
    }
    const dayEnds = ctx.dailyBytes.charge(auth.person.id, request.body.byteLength, ctx.now());
    if (dayEnds !== null) {
      reply.header('retry-after', retryAfterSeconds(dayEnds));
      return sendErrorFrame(
        reply,
        'dailyLimit',
        'this person has sent a day’s worth of data today',
      );
    }
    const deps = {
      storage: ctx.storage,
      rules: ctx.rules,
      directory: ctx.directory,
      now: ctx.now,
      requireSignatures: ctx.config.requireSignatures ?? false,
      verify,
      contacts: ctx.contacts,
      repulls: ctx.repulls,
      pageBytes: ctx.syncPageBytes,
      heads: ctx.heads,
      onDamaged: (recordId: RecordId, error: unknown) =>
        request.log.error({ recordId, err: String(error) }, `damaged record ${recordId}`),
      judges: ctx.judges,
      locks: ctx.locks,
      registerAtDistrict: ctx.registerAtDistrict === true,
      relayOffice: ctx.relayOffice,
    };
    const outcome = await handleSync(
      frame,
      auth.person,
      deps,
      principalScope(ctx.directory, auth.person),
    ).catch((e: unknown) => {
      if (e instanceof RecordConflictError) return null;
      throw e;
    });
    if (outcome === null) {
      reply.header('retry-after', BUSY_RETRY_SECONDS);
      return sendErrorFrame(reply, 'busy', 'records kept changing meanwhile; sync again shortly');
    }
    ctx.hub.announce(outcome.committed, outcome.committedHead, auth.session.deviceId);
    const response = await tellLaterRefusals(ctx, frame, outcome.response);
    const encoded = await ctx.encodeSyncResponse(response, request.headers['accept-encoding']);
    // No Vary: an answer to a POST without freshness is stored by no cache (RFC 9111
    // §3), so none can hand it to a client that did not ask for its coding.
    if (encoded.encoding !== null) reply.header('content-encoding', encoded.encoding);
    return reply.code(200).type(BINARY).send(Buffer.from(encoded.bytes));
  });
}
