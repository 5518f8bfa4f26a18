import type { FastifyInstance } from 'fastify';
import { API } from '@protocol/api.ts';

/**
 * Cross-origin access for the app's own origins (PATRAVALI_CORS_ORIGINS), to the
 * calls a tablet makes at its fallback (decision 0015): sign-in, the sync
 * exchange, the device keys, and a record's proofs (the relay's word checked at the
 * district, decision 0020 amendment 1). A tablet whose address is answered by its office relay syncs
 * with the district's own address while the relay cannot be reached; the page's
 * origin is then another one than the district's, so the browser asks first
 * (preflight: a bearer token and a binary body) and reads the answer only when
 * the district names that origin. Nothing else is opened across origins (no
 * files, reports or push channel), no origin that is not listed, and no
 * cookies: the token travels in the header.
 */

/** Route patterns, as registered (a record's id is a parameter). */
const OPEN_ROUTES: ReadonlySet<string> = new Set([
  API.session,
  API.sync,
  API.deviceKeys,
  API.recordProofs,
]);

export function registerCors(app: FastifyInstance, origins: readonly string[]): void {
  if (origins.length === 0) return;
  const allowed = new Set(origins);
  // The route's pattern: a path no route answers has none.
  const listed = (origin: unknown, route: string | undefined): origin is string =>
    typeof origin === 'string' && allowed.has(origin) && OPEN_ROUTES.has(route ?? '');
  for (const p of OPEN_ROUTES)
    app.options(p, async (request, reply) => {
      const origin = request.headers.origin;
      if (!listed(origin, request.routeOptions.url)) return reply.code(404).send();
      return reply
        .code(204)
        .header('access-control-allow-origin', origin)
        .header('access-control-allow-methods', 'GET, POST')
        .header('access-control-allow-headers', 'authorization, content-type, content-encoding')
        .header('access-control-max-age', '600')
        .header('vary', 'origin')
        .send();
    });
  app.addHook('onSend', async (request, reply, payload) => {
    const origin = request.headers.origin;
    if (request.method !== 'OPTIONS' && listed(origin, request.routeOptions.url)) {
      reply.header('access-control-allow-origin', origin);
      reply.header('access-control-expose-headers', 'content-encoding, retry-after');
      const vary = reply.getHeader('vary');
      reply.header('vary', typeof vary === 'string' && vary !== '' ? `${vary}, origin` : 'origin');
    }
    return payload;
  });
}

/**
 * An origin, `http(s)://host[:port]`: a host name, IPv4 or [IPv6] address and port
 * only, so nothing else (a `;`, a quote) reaches a header it is written into (the
 * Content-Security-Policy's connect-src).
 */
export const ORIGIN_PATTERN = /^https?:\/\/[A-Za-z0-9.\-[\]:]+$/;

/**
 * PATRAVALI_CORS_ORIGINS, PATRAVALI_CONNECT_SRC: origins (`https://host[:port]`)
 * separated by commas; null if one is not.
 */
export function parseOrigins(text: string | undefined): readonly string[] | null {
  if (text === undefined || text.trim() === '') return [];
  const origins = text.split(',').map((o) => o.trim().replace(/\/+$/, ''));
  return origins.every((o) => ORIGIN_PATTERN.test(o)) ? origins : null;
}
