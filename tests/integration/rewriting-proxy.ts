import { createServer, request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { API } from '@protocol/api.ts';
import { decodeFrame, encodeFrame } from '@protocol/codec.ts';
import type { SyncResponse } from '@protocol/messages.ts';

/**
 * An HTTP proxy between an office relay and its district that can rewrite the
 * district's sync answers, as a tampered district or a party on the WAN would:
 * rewrite(change) decodes every 200 answer to POST /api/sync from then on,
 * passes it through `change` and sends the result re-encoded (uncompressed);
 * rewrite(null) passes them on as they came. Every other request and answer
 * goes through unchanged. Stores nothing.
 */

export interface RewritingProxy {
  /** `http://127.0.0.1:PORT` of the proxy. */
  readonly origin: string;
  rewrite(change: ((res: SyncResponse) => SyncResponse) | null): void;
  /** How many sync answers were rewritten so far. */
  rewritten(): number;
  close(): Promise<void>;
}

const plain = (body: Buffer, encoding: string | undefined): Buffer =>
  encoding === 'gzip' ? gunzipSync(body) : encoding === 'br' ? brotliDecompressSync(body) : body;

export async function startRewritingProxy(target: string): Promise<RewritingProxy> {
  const { hostname, port } = new URL(target);
  let change: ((res: SyncResponse) => SyncResponse) | null = null;
  let count = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rewriting = change;
      const isSync = req.method === 'POST' && req.url === API.sync && rewriting !== null;
      const headers: IncomingHttpHeaders = { ...req.headers, host: `${hostname}:${port}` };
      if (isSync) headers['accept-encoding'] = 'identity';
      const up = httpRequest(
        { host: hostname, port: Number(port), method: req.method, path: req.url, headers },
        (answer) => {
          if (!isSync || answer.statusCode !== 200) {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
            return;
          }
          const parts: Buffer[] = [];
          answer.on('data', (c: Buffer) => parts.push(c));
          answer.on('end', () => {
            const body = plain(Buffer.concat(parts), answer.headers['content-encoding']);
            const decoded = decodeFrame(body);
            const frame =
              decoded.ok && decoded.value.type === 'syncResponse'
                ? encodeFrame(rewriting(decoded.value))
                : body;
            if (decoded.ok && decoded.value.type === 'syncResponse') count += 1;
            const out = { ...answer.headers };
            delete out['content-encoding'];
            delete out['transfer-encoding'];
            out['content-length'] = String(frame.length);
            res.writeHead(200, out);
            res.end(frame);
          });
        },
      );
      up.on('error', () => res.destroy());
      up.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${address.port}`,
    rewrite(next) {
      change = next;
    },
    rewritten: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
