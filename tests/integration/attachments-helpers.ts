import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { RecordId } from '@domain/ids.ts';
import { ATTACHMENT_API, UPLOAD_METADATA } from '@protocol/attachments.ts';
import { attachScan, type AttachDeps } from '@storage/scans/attachments.ts';
import { diariseReceipt } from '@storage/services.ts';
import { createScanUploader, type ScanUploader } from '@sync/scan-upload.ts';
import type { TestDevice } from './sync-harness.ts';

/** Helpers for the scan transfer tests: devices with uploaders, a connection-cutting proxy. */

/** A fake downscaler: the test's bytes are already "office quality". */
export const keepBytes: AttachDeps = {
  prepareImage: async (bytes, mime) => ({ bytes, mime, width: 1200, height: 1700 }),
};

/** A JPEG-signed scan of `size` seeded random bytes. */
export function fakeJpeg(size: number, random: () => number): Uint8Array {
  const bytes = Uint8Array.from({ length: size }, () => Math.floor(random() * 256));
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  return bytes;
}

export function uploaderFor(
  device: Pick<TestDevice, 'db' | 'token'>,
  baseUrl: string,
  random: () => number,
  opts: { chunkSize?: number } = {},
): ScanUploader {
  return createScanUploader({
    db: device.db,
    baseUrl,
    getToken: () => device.token,
    makeSource: (bytes) => Buffer.from(bytes),
    newKey: () => Math.floor(random() * 2 ** 48).toString(36),
    chunkSize: opts.chunkSize ?? 32 * 1024,
    retryDelays: [0, 5, 10, 20],
  });
}

export async function newReceiptWithScan(
  device: Pick<TestDevice, 'ctx'>,
  bytes: Uint8Array,
  deps: AttachDeps = keepBytes,
): Promise<{ id: RecordId; sha256: string }> {
  const receipt = await diariseReceipt(device.ctx, {
    from: 'Patwari, Dhakrani',
    letterNumber: '17/2026',
    letterDate: '2026-05-28',
    subject: 'सीमा विवाद / boundary dispute',
    category: 'revenue',
    mode: 'hand',
  });
  if (!receipt.ok) throw new Error(receipt.error);
  const out = await attachScan(
    device.ctx,
    receipt.value.id,
    { bytes, claimedMime: 'image/jpeg', name: 'letter-p1.jpg' },
    deps,
  );
  if (!out.ok) throw new Error(out.error);
  return { id: receipt.value.id, sha256: out.value.sha256 };
}

export interface CuttingProxy {
  readonly url: string;
  /** Connections cut so far. */
  cuts: number;
  /** Stops cutting (the link got better). */
  heal(): void;
  close(): Promise<void>;
}

/**
 * A loopback TCP proxy that closes each connection after a random number of
 * bytes (both directions counted), like a 2G link dropping mid-transfer.
 */
export async function cuttingProxy(
  targetPort: number,
  random: () => number,
  maxBytesPerConnection: number,
): Promise<CuttingProxy> {
  const sockets = new Set<Socket>();
  let healed = false;
  const state = { cuts: 0 };
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    const limit = 1 + Math.floor(random() * maxBytesPerConnection);
    let seen = 0;
    const cut = (): void => {
      state.cuts++;
      client.destroy();
      upstream.destroy();
    };
    const pipe = (from: Socket, to: Socket): void => {
      from.on('data', (chunk: Buffer) => {
        if (healed) return void to.write(chunk);
        const left = limit - seen;
        seen += chunk.byteLength;
        if (left <= 0) return;
        to.write(chunk.subarray(0, left));
        if (chunk.byteLength >= left) cut();
      });
      from.on('close', () => to.destroy());
      from.on('error', () => to.destroy());
    };
    pipe(client, upstream);
    pipe(upstream, client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get cuts() {
      return state.cuts;
    },
    heal: () => void (healed = true),
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** Starts a tus upload of `size` bytes (declared hash and record made up); the raw answer. */
export function createUpload(origin: string, token: string, size: number): Promise<Response> {
  const meta = (key: string, value: string) => `${key} ${Buffer.from(value).toString('base64')}`;
  return fetch(origin + ATTACHMENT_API.files, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'tus-resumable': '1.0.0',
      'upload-length': String(size),
      'upload-metadata': [
        meta(UPLOAD_METADATA.sha256, 'a'.repeat(64)),
        meta(UPLOAD_METADATA.recordId, crypto.randomUUID()),
      ].join(','),
    },
  });
}
