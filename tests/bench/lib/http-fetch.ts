import { Agent, request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

/**
 * What the bench's devices offer in Accept-Encoding: the app's transport asks
 * for `br, gzip` (src/protocol/transport.ts); PATRAVALI_BENCH_ACCEPT_ENCODING=gzip
 * runs the same benchmarks as a client without brotli (the server answers gzip,
 * as every server did before it could answer brotli).
 */
export const BENCH_ACCEPT_ENCODING = process.env['PATRAVALI_BENCH_ACCEPT_ENCODING'] ?? 'br, gzip';

/** fetch with the bench's Accept-Encoding put on every request. */
export function offeringFetch(inner: typeof fetch): typeof fetch {
  return (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('accept-encoding', BENCH_ACCEPT_ENCODING);
    return inner(input, { ...init, headers });
  };
}

/**
 * A small fetch for the storm's load generator: node:http over keep-alive
 * sockets and one decode of the whole body, instead of the global fetch's web
 * streams. Enough of fetch for wire.ts (POST/GET, headers, body, status,
 * headers and body of the response). Three hundred devices in one process
 * otherwise spend more CPU in the client than the server spends serving them,
 * and the storm would time the load generator instead of the server.
 */
export function createHttpFetch(): typeof fetch {
  const agent = new Agent({ keepAlive: true });
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(String(input));
      const headers = new Headers(init?.headers);
      headers.set('accept-encoding', BENCH_ACCEPT_ENCODING);
      const req = request(
        url,
        { method: init?.method ?? 'GET', agent, headers: Object.fromEntries(headers) },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const raw = Buffer.concat(chunks);
            const coding = res.headers['content-encoding'];
            const out = new Headers();
            for (const [k, v] of Object.entries(res.headers))
              if (typeof v === 'string') out.set(k, v);
            resolve(
              new Response(decoded(raw, coding), {
                status: res.statusCode ?? 0,
                headers: out,
              }),
            );
          });
        },
      );
      req.on('error', reject);
      const body = init?.body;
      if (body instanceof Uint8Array) req.end(body);
      else if (typeof body === 'string') req.end(body);
      else req.end();
    });
}

/** The body decoded, as fetch hands it back. */
function decoded(raw: Buffer, coding: string | undefined): Uint8Array<ArrayBuffer> {
  const bytes =
    coding === 'br' ? brotliDecompressSync(raw) : coding === 'gzip' ? gunzipSync(raw) : raw;
  return new Uint8Array(bytes);
}
