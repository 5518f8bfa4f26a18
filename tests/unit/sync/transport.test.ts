import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { asDeviceId, asRecordId } from '@domain/ids.ts';
import { encodeFrame } from '@protocol/codec.ts';
import { COMPRESS_MIN_BYTES, PROTOCOL_VERSION, type SyncRequest } from '@protocol/messages.ts';
import { gzipWithStream } from '@sync/gzip.ts';
import { exchange, MAX_RESPONSE_BYTES, type SyncTransportDeps } from '@sync/transport.ts';

/** The transport gzips request bodies above COMPRESS_MIN_BYTES only. */

interface Sent {
  readonly body: Uint8Array;
  readonly encoding: string | null;
  readonly accept: string | null;
}

const RESPONSE = encodeFrame({
  type: 'syncResponse',
  protocol: PROTOCOL_VERSION,
  generation: 1,
  serverTime: 0,
  cursor: 0,
  headSeq: 0,
  more: false,
  acks: [],
  refusals: [],
  updates: [],
});

function rig(gzip?: SyncTransportDeps['gzip'], responseHeaders: Record<string, string> = {}) {
  const sent: Sent[] = [];
  const deps: SyncTransportDeps = {
    baseUrl: 'https://patravali.test',
    now: () => 1000,
    fetch: async (_url, init) => {
      sent.push({
        body: new Uint8Array(init?.body as Uint8Array),
        encoding: new Headers(init?.headers).get('content-encoding'),
        accept: new Headers(init?.headers).get('accept-encoding'),
      });
      return new Response(RESPONSE, { status: 200, headers: responseHeaders });
    },
    ...(gzip === undefined ? {} : { gzip }),
  };
  return { sent, deps };
}

/** A request whose frame is about `updateBytes` plus a small header. */
function request(updateBytes: number): SyncRequest {
  const update = new Uint8Array(updateBytes).map((_, i) => i % 7);
  return {
    type: 'syncRequest',
    protocol: PROTOCOL_VERSION,
    deviceId: asDeviceId('00000000-0000-4000-8000-000000000001'),
    cursor: 0,
    updates:
      updateBytes === 0
        ? []
        : [{ ref: 1, recordId: asRecordId('00000000-0000-4000-8000-0000000000aa'), update }],
  };
}

describe('sync transport compression', () => {
  it("takes a proxy's 502 or 504 page as no answer, but its 503 page and a server's 503 frame as answers", async () => {
    for (const status of [502, 504]) {
      const deps: SyncTransportDeps = {
        baseUrl: 'https://patravali.test',
        now: () => 1000,
        fetch: async () => new Response('<html>Bad Gateway</html>', { status }),
      };
      expect(await exchange(deps, 't', request(0))).toMatchObject({
        kind: 'failed',
        error: 'network',
      });
    }
    const limited: SyncTransportDeps = {
      baseUrl: 'https://patravali.test',
      now: () => 1000,
      fetch: async () => new Response('<html>Service Unavailable</html>', { status: 503 }),
    };
    expect(await exchange(limited, 't', request(0))).toMatchObject({
      kind: 'failed',
      error: 'server',
    });
    const busy = encodeFrame({ type: 'error', code: 'busy', detail: 'try again' });
    const deps: SyncTransportDeps = {
      baseUrl: 'https://patravali.test',
      now: () => 1000,
      fetch: async () => new Response(busy, { status: 503 }),
    };
    expect(await exchange(deps, 't', request(0))).toMatchObject({ kind: 'refused', code: 'busy' });
  });

  it('sends a small frame (the idle sync) as is', async () => {
    const { sent, deps } = rig();
    const req = request(COMPRESS_MIN_BYTES - 200);
    expect(encodeFrame(req).byteLength).toBeLessThanOrEqual(COMPRESS_MIN_BYTES);
    const outcome = await exchange(deps, 't', req);
    expect(outcome.kind).toBe('response');
    expect(sent[0]?.encoding).toBeNull();
    expect(sent[0]?.body).toEqual(encodeFrame(req));
  });

  it('gzips a frame above the threshold with the platform CompressionStream', async () => {
    const { sent, deps } = rig();
    const req = request(20_000);
    const outcome = await exchange(deps, 't', req);
    expect(outcome.kind).toBe('response');
    expect(sent[0]?.encoding).toBe('gzip');
    const body = sent[0]?.body ?? new Uint8Array();
    expect(body.byteLength).toBeLessThan(encodeFrame(req).byteLength / 5);
    expect(new Uint8Array(gunzipSync(body))).toEqual(encodeFrame(req));
    if (outcome.kind === 'response') {
      expect(outcome.wireBytes).toBe(body.byteLength + RESPONSE.byteLength);
    }
  });

  it('compresses only just above the threshold', async () => {
    const frameSize = (n: number) => encodeFrame(request(n)).byteLength;
    let n = COMPRESS_MIN_BYTES - 100;
    while (frameSize(n) <= COMPRESS_MIN_BYTES) n++;
    const { sent, deps } = rig();
    await exchange(deps, 't', request(n - 1));
    await exchange(deps, 't', request(n));
    expect(sent.map((s) => s.encoding)).toEqual([null, 'gzip']);
  });

  it('sends uncompressed when no compressor is available', async () => {
    const { sent, deps } = rig(null);
    const req = request(20_000);
    expect((await exchange(deps, 't', req)).kind).toBe('response');
    expect(sent[0]?.encoding).toBeNull();
    expect(sent[0]?.body).toEqual(encodeFrame(req));
  });

  it('uses an injected compressor', async () => {
    const { sent, deps } = rig(async (b) => new Uint8Array(gzipSync(b, { level: 1 })));
    const req = request(5_000);
    await exchange(deps, 't', req);
    expect(sent[0]?.encoding).toBe('gzip');
    expect(new Uint8Array(gunzipSync(sent[0]?.body ?? new Uint8Array()))).toEqual(encodeFrame(req));
  });

  it('asks for a brotli or gzip response (where the platform lets it say so)', async () => {
    const { sent, deps } = rig();
    await exchange(deps, 't', request(0));
    await exchange(deps, 't', request(20_000));
    expect(sent.map((s) => s.accept)).toEqual(['br, gzip', 'br, gzip']);
  });

  it('counts a brotli response by its Content-Length, not its decoded size', async () => {
    const { deps } = rig(null, { 'content-encoding': 'br', 'content-length': '33' });
    const req = request(0);
    const outcome = await exchange(deps, 't', req);
    expect(outcome.kind === 'response' && outcome.wireBytes).toBe(encodeFrame(req).byteLength + 33);
  });

  it('counts a gzipped response by its Content-Length, not its inflated size', async () => {
    const { deps } = rig(null, { 'content-encoding': 'gzip', 'content-length': '40' });
    const req = request(0);
    const outcome = await exchange(deps, 't', req);
    expect(outcome.kind === 'response' && outcome.wireBytes).toBe(encodeFrame(req).byteLength + 40);
  });

  it('gzipWithStream round-trips through zlib', async () => {
    const bytes = new TextEncoder().encode('नोटशीट '.repeat(500));
    const packed = await gzipWithStream(bytes);
    expect(new Uint8Array(gunzipSync(packed))).toEqual(bytes);
  });

  it('refuses an answer that decodes past MAX_RESPONSE_BYTES (a brotli bomb), reading no further', async () => {
    // About 40 MB of zeros in a few kilobytes of brotli, from a real HTTP server.
    const bomb = brotliCompressSync(Buffer.alloc(MAX_RESPONSE_BYTES + 8 * 1024 * 1024));
    expect(bomb.byteLength).toBeLessThan(64 * 1024);
    const server = createServer((_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-encoding': 'br',
        'content-length': String(bomb.byteLength),
      });
      res.end(bomb);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const deps: SyncTransportDeps = {
        baseUrl: `http://127.0.0.1:${port}`,
        now: () => 1000,
        fetch,
        gzip: null,
      };
      const outcome = await exchange(deps, 't', request(0));
      expect(outcome).toEqual({
        kind: 'failed',
        error: 'server',
        detail: `the server's answer is larger than ${MAX_RESPONSE_BYTES} bytes; not read`,
      });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
