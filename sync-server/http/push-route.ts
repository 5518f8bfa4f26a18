import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { signedIn, type AuthContext } from '../auth/accounts.ts';
import { hashToken } from '../auth/tokens.ts';
import { API, pushTokenOf } from '@protocol/api.ts';
import { encodeFrame } from '@protocol/codec.ts';
import type { Subscriber } from '../sync/push-hub.ts';
import { scopeOf } from '../sync/scope.ts';
import { sendApiError, sendNotCheckedYet } from './context.ts';
import type { AppContext } from './context.ts';

/**
 * GET /api/push (WebSocket): announcements of new data to signed-in devices.
 * The token travels only as a subprotocol (never in the URL, which proxies
 * log); a browser's socket must come from this server's own origin; each
 * person keeps at most PUSH_SOCKETS_PER_PERSON sockets (a new one closes their
 * oldest, so a tablet that lost its link is never locked out by its own ghost).
 */

export const PUSH_SOCKETS_PER_PERSON = 8;

/**
 * A browser always sends Origin on a WebSocket; a page on another site must not
 * open the channel, except the app's own origin at an office relay that names
 * this district as its tablets' fallback (PATRAVALI_CORS_ORIGINS, decision 0015).
 * Clients that are not browsers send none.
 */
function originAllowed(request: FastifyRequest, listed: ReadonlySet<string>): boolean {
  const origin = request.headers.origin;
  if (origin === undefined || listed.has(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

function refuse(reply: FastifyReply, status: 401 | 403, detail: string): FastifyReply {
  return sendApiError(reply, status, {
    error: status === 401 ? 'unauthenticated' : 'forbidden',
    detail,
  });
}

export function registerPushRoute(
  app: FastifyInstance,
  ctx: AppContext,
  corsOrigins: readonly string[] = [],
): void {
  const listed = new Set(corsOrigins);
  // Sessions checked before the upgrade, handed to the socket handler.
  const pushAuth = new WeakMap<FastifyRequest, { auth: AuthContext; tokenHash: string }>();
  app.get(
    API.push,
    {
      websocket: true,
      preValidation: async (request, reply) => {
        if (!originAllowed(request, listed)) return refuse(reply, 403, 'push from another origin');
        const token = pushTokenOf(request.headers['sec-websocket-protocol']);
        const auth = await ctx.accounts.authenticate(token, request.ip);
        // Not checked yet (an office relay's budget): the device opens the socket later.
        if (!signedIn(auth) && auth !== null) return sendNotCheckedYet(reply, auth.laterMs);
        if (!signedIn(auth) || token === null) return refuse(reply, 401, 'sign in first');
        pushAuth.set(request, { auth, tokenHash: hashToken(token) });
        return undefined;
      },
    },
    (socket, request) => {
      const entry = pushAuth.get(request);
      if (entry === undefined) {
        socket.close(4401, 'unauthenticated');
        return;
      }
      // Fixed for the socket's life: an office relay closes it when the person's office
      // or role changes, and the tablet opens another (relay/relay-directory.ts).
      const scope = scopeOf(entry.auth.person);
      const subscriber: Subscriber = {
        deviceId: entry.auth.session.deviceId,
        person: entry.auth.person.id,
        tokenHash: entry.tokenHash,
        scope,
        send: (bytes) => socket.send(bytes),
        close: (code, reason) => socket.close(code, reason),
        ping: () => socket.ping(),
        terminate: () => socket.terminate(),
      };
      const remove = ctx.hub.add(subscriber, PUSH_SOCKETS_PER_PERSON);
      socket.on('close', remove);
      // One-way channel: chatter is ignored, but like a pong it shows the link works.
      socket.on('pong', () => ctx.hub.answered(subscriber));
      socket.on('message', () => ctx.hub.answered(subscriber));
      // A freshly connected device learns where the head is, so it can pull at once if behind.
      void ctx.storage.headSeq(scope).then((head) => {
        if (socket.readyState === socket.OPEN)
          socket.send(encodeFrame({ type: 'announce', cursor: head }));
      });
    },
  );
}
