import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { API } from '@protocol/api.ts';
import { decodeFrame, encodeFrame } from '@protocol/codec.ts';
import type { SyncResponse } from '@protocol/messages.ts';

/**
 * An office relay that lies to its tablets (decision 0020): an HTTP front on a real
 * relay that passes every request on and rewrites each sync answer with `lie`. The
 * rest (sign-in, proofs, the directory) goes through as the relay answered it, except
 * that `districtProofs` answers a request for the district's proofs (`?of=district`)
 * as a relay hiding what it withholds would: that it cannot reach the district, or
 * with proofs it kept from before.
 */
export interface LyingRelay {
  readonly url: string;
  close(): Promise<void>;
}

const HOP_HEADERS = ['host', 'connection', 'content-length', 'transfer-encoding'];

export async function startLyingRelay(
  relay: () => string,
  lie: (response: SyncResponse) => SyncResponse,
  options: {
    /** Its own answer to a request for the district's proofs (`?of=district`), if any. */
    readonly districtProofs?: () => { readonly status: number; readonly body: unknown };
  } = {},
): Promise<LyingRelay> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (options.districtProofs !== undefined && (req.url ?? '').endsWith('/proofs?of=district')) {
        const { status, body } = options.districtProofs();
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
        return;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === 'string' && !HOP_HEADERS.includes(k)) headers[k] = v;
      // Answers come plain, to be read and rewritten.
      headers['accept-encoding'] = 'identity';
      const method = req.method ?? 'GET';
      const up = await fetch(relay() + (req.url ?? '/'), {
        method,
        headers,
        ...(method === 'GET' || method === 'HEAD' ? {} : { body: Buffer.concat(chunks) }),
      });
      let body = new Uint8Array(await up.arrayBuffer());
      if (req.url === API.sync && up.ok) {
        const frame = decodeFrame(body);
        if (frame.ok && frame.value.type === 'syncResponse') body = encodeFrame(lie(frame.value));
      }
      const out: Record<string, string> = {};
      up.headers.forEach((v, k) => {
        if (!HOP_HEADERS.includes(k) && k !== 'content-encoding') out[k] = v;
      });
      res.writeHead(up.status, out);
      res.end(body);
    })().catch((e: unknown) => {
      res.writeHead(502);
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
