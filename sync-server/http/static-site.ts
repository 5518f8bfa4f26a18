import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { sendApiError } from './context.ts';

/**
 * The built PWA from dist/, with SPA fallback to index.html for non-API paths.
 * Without a build, non-API pages explain (in Hindi and English) how to make one.
 */

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="hi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Patravali — build needed</title></head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.6">
<h1>पत्रावली / Patravali</h1>
<p>ऐप अभी बना नहीं है। सर्वर चलाने से पहले <code>npm run build</code> चलाएँ (या <code>npm start</code>, जो दोनों करता है)।</p>
<p lang="en">The app has not been built yet. Run <code>npm run build</code> before starting the server
(or <code>npm start</code>, which does both).</p>
</body></html>
`;

/**
 * Vite's content-hashed build output may be cached for good; everything else is
 * revalidated. The path is the file sent: its brotli or gzip copy (`.br`, `.gz`) too.
 */
const HASHED_ASSET = /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{6,}\.[a-z0-9]+(\.br|\.gz)?$/;

/** Paths of files, not of the app's pages: answered 404 when missing, never with index.html. */
const MISSING_FILE = /^\/assets\/|\.(?:m?js|css|woff2?|png|svg|json|webmanifest|map|br|gz)$/;

export async function registerStaticSite(app: FastifyInstance, staticDir: string): Promise<void> {
  const built = existsSync(join(staticDir, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: staticDir,
      cacheControl: false,
      // The build writes brotli and gzip copies beside each text file (scripts/precompress.ts);
      // a browser that accepts one gets it, compressed once at build time.
      preCompressed: true,
      setHeaders: (res, path) => {
        res.setHeader('Vary', 'Accept-Encoding');
        res.setHeader(
          'Cache-Control',
          HASHED_ASSET.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
  app.setNotFoundHandler(async (request, reply) => {
    if (request.url.startsWith('/api/') || request.url === '/api') {
      return sendApiError(reply, 404, {
        error: 'notFound',
        detail: `no route ${request.method} ${request.url}`,
      });
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return sendApiError(reply, 404, { error: 'notFound', detail: 'not found' });
    }
    if (!built) return reply.code(200).type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    // A file the build does not have (another build's hashed chunk) is not the app's page: a
    // service worker would keep that page under the script's name.
    if (MISSING_FILE.test(request.url.split('?')[0] ?? '')) {
      return reply.code(404).type('text/plain; charset=utf-8').send('not found');
    }
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
  });
}
