import type { FastifyInstance } from 'fastify';

/**
 * Headers on every response: no MIME sniffing anywhere; no referrer leaving the
 * origin from anything a browser may show (all but binary answers); on HTML pages a
 * Content-Security-Policy without inline script (the built PWA has none:
 * Vite emits module files and the service worker registers from them), no
 * framing by other sites (clickjacking of Send or Approve); and HSTS when
 * served over HTTPS, on every response.
 */

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // React and pdf.js set style attributes; styles cannot run code.
  "style-src 'self' 'unsafe-inline'",
  // Scans are shown from blob: URLs; the camera preview is a media stream.
  "img-src 'self' blob: data:",
  "media-src 'self' blob: mediastream:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const ONE_YEAR_S = 365 * 24 * 60 * 60;

const BINARY = 'application/octet-stream';

/**
 * The policy, with `connect` origins allowed besides the page's own (an office
 * relay's fallback), each for fetch and for its WebSocket (the push channel):
 * Chromium does not let `http://host` cover `ws://host`, only `'self'` covers both.
 */
export function contentSecurityPolicy(connect: readonly string[] = []): string {
  if (connect.length === 0) return CONTENT_SECURITY_POLICY;
  const sources = connect.flatMap((origin) => [origin, origin.replace(/^http/, 'ws')]);
  return CONTENT_SECURITY_POLICY.replace(
    "connect-src 'self'",
    `connect-src 'self' ${sources.join(' ')}`,
  );
}

export function registerSecurityHeaders(
  app: FastifyInstance,
  https: boolean,
  connect: readonly string[] = [],
): void {
  const policy = contentSecurityPolicy(connect);
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    if (https) reply.header('strict-transport-security', `max-age=${ONE_YEAR_S}`);
    const type = reply.getHeader('content-type');
    // A binary answer (a sync frame) is never shown as a page: with nosniff a browser only
    // downloads it, so it has no links or loads to send a Referer from. Sync answers go
    // without it (29 bytes of every exchange, docs/BENCHMARKS.md, "The week in one exchange").
    if (!(typeof type === 'string' && type.startsWith(BINARY)))
      reply.header('referrer-policy', 'no-referrer');
    if (typeof type === 'string' && type.startsWith('text/html')) {
      reply.header('content-security-policy', policy);
      reply.header('x-frame-options', 'DENY');
    }
    return payload;
  });
}
