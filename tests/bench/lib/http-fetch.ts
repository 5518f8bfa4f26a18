import { Agent, request } from 'node:http';
import { gunzipSync } from 'node:zlib';

/**
 * A small fetch for the storm's load generator: node:http over keep-alive
 * sockets and one gunzip of the whole body, instead of the global fetch's web
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
      headers.set('accept-encoding', 'gzip');
      const req = request(
        url,
        { method: init?.method ?? 'GET', agent, headers: Object.fromEntries(headers) },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const raw = Buffer.concat(chunks);
            const gzipped = res.headers['content-encoding'] === 'gzip';
            const out = new Headers();
            for (const [k, v] of Object.entries(res.headers))
              if (typeof v === 'string') out.set(k, v);
            resolve(
              new Response(gzipped ? gunzipSync(raw) : raw, {
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
