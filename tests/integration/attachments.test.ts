import 'fake-indexeddb/auto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LIMITS } from '@domain/events.ts';
import { ATTACHMENT_API, blobPath } from '@protocol/attachments.ts';
import { readScan } from '@storage/scans/scan-store.ts';
import { recordStateQuery } from '@storage/services.ts';
import { downloadScan, fetchPlannedScans } from '@sync/scan-download.ts';
import type { UploadResult } from '@sync/scan-upload.ts';
import {
  cuttingProxy,
  fakeJpeg,
  keepBytes,
  newReceiptWithScan,
  uploaderFor,
  type CuttingProxy,
} from './attachments-helpers.ts';
import {
  createClock,
  createDevice,
  eventually,
  startServer,
  syncUntilClean,
  type TestDevice,
  type TestServer,
} from './sync-harness.ts';
import { mulberry32 } from './sync-random.ts';

let server: TestServer | null = null;
let proxy: CuttingProxy | null = null;
afterEach(async () => {
  await proxy?.close();
  await server?.close();
  server = proxy = null;
});

async function setup(seed: number) {
  const clock = createClock();
  const random = mulberry32(seed);
  server = await startServer(clock, random);
  const clerk = await createDevice(server, 'clerk.vikasnagar', clock, random);
  const naib = await createDevice(server, 'naib.vikasnagar', clock, random);
  return { clock, random, server, clerk, naib };
}

function downloader(device: TestDevice, srv: TestServer, clock: { now(): number }, f = fetch) {
  return {
    db: device.db,
    baseUrl: srv.origin(),
    fetch: f,
    getToken: () => device.token,
    now: clock.now,
    partBytes: 8 * 1024,
  };
}

async function getBlob(srv: TestServer, sha256: string, recordId: string, token?: string) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  return fetch(srv.origin() + blobPath(sha256, recordId), { headers });
}

describe('scans travel separately from records', () => {
  it('a scan attached offline on one device is viewable offline on another after both synced', async () => {
    const { clock, random, server: srv, clerk, naib } = await setup(51);
    clerk.link.online = false;
    const bytes = fakeJpeg(90_000, random);
    const { id, sha256 } = await newReceiptWithScan(clerk, bytes);
    // Offline: the scan waits in the upload queue; the receipt is complete locally.
    expect(await readScan(clerk.db, sha256)).not.toBeNull();
    expect((await clerk.db.scanUploads.get(sha256))?.state).toBe('waiting');

    clerk.link.online = true;
    await syncUntilClean(clerk);
    const uploaded = await uploaderFor(clerk, srv.origin(), random).runOnce();
    expect(uploaded.get(sha256)).toBe('done');
    expect((await clerk.db.scanUploads.get(sha256))?.state).toBe('done');
    // The bytes now live only in the blob store, so deleting the scan later frees them.
    await eventually(async () => readdirSync(join(srv.dataDir, 'uploads')).length === 0);

    await syncUntilClean(naib);
    expect(await fetchPlannedScans(downloader(naib, srv, clock))).toBe(1);
    naib.link.online = false;
    const state = await recordStateQuery(naib.db, id, clock.now());
    expect(state?.attachments.map((a) => a.sha256)).toEqual([sha256]);
    expect((await readScan(naib.db, sha256))?.data).toEqual(bytes);
  });

  it('an upload cut at random points resumes and completes byte-identical', async () => {
    const { random, server: srv, clerk, naib } = await setup(52);
    const bytes = fakeJpeg(400_000, random);
    const { id, sha256 } = await newReceiptWithScan(clerk, bytes);
    await syncUntilClean(clerk);
    const port = Number(new URL(srv.origin()).port);
    proxy = await cuttingProxy(port, random, 48 * 1024);
    const uploader = uploaderFor(clerk, proxy.url, random);
    const results: (UploadResult | undefined)[] = [];
    // The device tries again whenever the link is back, as the app does.
    for (let i = 0; i < 200 && results.at(-1) !== 'done'; i++) {
      results.push((await uploader.runOnce()).get(sha256));
    }
    expect(results.at(-1)).toBe('done');
    expect(proxy.cuts).toBeGreaterThan(3);
    const res = await getBlob(srv, sha256, id, naib.token);
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
  });

  it('a paused upload waits until resumed, then completes byte-identical', async () => {
    const { random, server: srv, clerk, naib } = await setup(57);
    const bytes = fakeJpeg(300_000, random);
    const { id, sha256 } = await newReceiptWithScan(clerk, bytes);
    await syncUntilClean(clerk);
    const uploader = uploaderFor(clerk, srv.origin(), random, { chunkSize: 16 * 1024 });
    const run = uploader.runOnce();
    // Pause once the first part has reached the server.
    await eventually(async () => ((await clerk.db.scanUploads.get(sha256))?.sent ?? 0) > 0);
    await uploader.pause(sha256);
    expect((await run).get(sha256)).toBe('paused');
    const row = await clerk.db.scanUploads.get(sha256);
    expect(row?.state).toBe('paused');
    expect(row?.sent).toBeLessThan(bytes.byteLength);
    expect((await uploader.runOnce()).size).toBe(0);

    await uploader.resume(sha256);
    expect((await uploader.runOnce()).get(sha256)).toBe('done');
    const res = await getBlob(srv, sha256, id, naib.token);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
  });

  it('a download cut mid-body resumes with Range and ends byte-identical', async () => {
    const { clock, random, server: srv, clerk, naib } = await setup(53);
    const bytes = fakeJpeg(120_000, random);
    const { id, sha256 } = await newReceiptWithScan(clerk, bytes);
    await syncUntilClean(clerk);
    await uploaderFor(clerk, srv.origin(), random).runOnce();
    await syncUntilClean(naib);

    const ranges: (string | null)[] = [];
    const flaky: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      ranges.push(new Headers(init?.headers).get('range'));
      const cutAt = 10_000 + Math.floor(random() * 30_000);
      let sent = 0;
      const reader = res.body!.getReader();
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) return controller.close();
          if (sent + value.byteLength > cutAt) {
            controller.enqueue(value.subarray(0, cutAt - sent));
            return controller.error(new TypeError('connection reset'));
          }
          sent += value.byteLength;
          controller.enqueue(value);
        },
      });
      return new Response(body, { status: res.status, headers: res.headers });
    };
    const deps = downloader(naib, srv, clock, flaky);
    let result = await downloadScan(deps, { sha256, recordId: id });
    for (let i = 0; i < 50 && result !== 'done'; i++) {
      expect(result).toBe('interrupted');
      result = await downloadScan(deps, { sha256, recordId: id });
    }
    expect(result).toBe('done');
    expect(ranges.length).toBeGreaterThan(1);
    expect(ranges.slice(1).every((r) => r !== null && /^bytes=\d+-$/.test(r))).toBe(true);
    expect((await readScan(naib.db, sha256))?.data).toEqual(bytes);
    expect(await naib.db.scanChunks.count()).toBe(0);
  });
});

describe('the server refuses', () => {
  it('an upload whose bytes do not match the declared hash', async () => {
    const { random, server: srv, clerk, naib } = await setup(54);
    const forged = 'f'.repeat(64);
    const { id } = await newReceiptWithScan(clerk, fakeJpeg(20_000, random), {
      ...keepBytes,
      sha256: async () => forged,
    });
    await syncUntilClean(clerk);
    const results = await uploaderFor(clerk, srv.origin(), random).runOnce();
    expect(results.get(forged)).toBe('refused');
    expect((await clerk.db.scanUploads.get(forged))?.state).toBe('refused');
    // The record references the hash, but the server holds no bytes under it.
    expect((await getBlob(srv, forged, id, naib.token)).status).toBe(404);
  });

  it('a download by someone who may not read the record, or by no one', async () => {
    const { clock, random, server: srv, clerk, naib } = await setup(55);
    const { id, sha256 } = await newReceiptWithScan(clerk, fakeJpeg(10_000, random));
    await syncUntilClean(clerk);
    await uploaderFor(clerk, srv.origin(), random).runOnce();
    const other = await createDevice(srv, 'clerk.chakrata', clock, random);

    expect((await getBlob(srv, sha256, id, other.token)).status).toBe(403);
    expect((await getBlob(srv, sha256, id)).status).toBe(401);
    // A record the reader may see, but which does not reference the scan.
    const { id: unrelated } = await newReceiptWithScan(naib, fakeJpeg(5_000, random));
    await syncUntilClean(naib);
    expect((await getBlob(srv, sha256, unrelated, naib.token)).status).toBe(404);
    expect((await getBlob(srv, sha256, id, naib.token)).status).toBe(200);
    expect(await downloadScan(downloader(other, srv, clock), { sha256, recordId: id })).toBe(
      'forbidden',
    );
  });

  it('a download told to wait (429: an office relay not yet able to check the session) is tried later, not refused', async () => {
    const { clock, random, server: srv, clerk, naib } = await setup(60);
    const { id, sha256 } = await newReceiptWithScan(clerk, fakeJpeg(10_000, random));
    await syncUntilClean(clerk);
    await uploaderFor(clerk, srv.origin(), random).runOnce();
    let waiting = true;
    const relay: typeof fetch = (input, init) =>
      waiting
        ? Promise.resolve(
            Response.json(
              { error: 'tooManyRequests', detail: 'this session cannot be checked yet' },
              { status: 429, headers: { 'retry-after': '12' } },
            ),
          )
        : fetch(input, init);
    const scan = { sha256, recordId: id };
    // As a dropped link: the pass stops there and the next one asks again.
    expect(await downloadScan(downloader(naib, srv, clock, relay), scan)).toBe('interrupted');
    waiting = false;
    expect(await downloadScan(downloader(naib, srv, clock, relay), scan)).toBe('done');
  });

  it('an upload over the size limit, or without its hash and record', async () => {
    const { server: srv, clerk } = await setup(58);
    const create = (length: number, metadata: string) =>
      fetch(srv.origin() + ATTACHMENT_API.files, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${clerk.token}`,
          'tus-resumable': '1.0.0',
          'upload-length': String(length),
          'upload-metadata': metadata,
        },
      });
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const good = `sha256 ${b64('a'.repeat(64))},recordId ${b64(clerk.ctx.newId())}`;
    expect((await create(LIMITS.attachmentBytes + 1, good)).status).toBe(413);
    expect((await create(1000, `recordId ${b64(clerk.ctx.newId())}`)).status).toBe(400);
    expect((await create(1000, `sha256 ${b64('a'.repeat(64))}`)).status).toBe(400);
    expect((await create(1000, good)).status).toBe(201);
  });

  it('an upload touched by anyone but the person who created it', async () => {
    const { server: srv, clerk, naib } = await setup(59);
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const tus = (
      token: string,
      method: string,
      path: string,
      headers: Record<string, string> = {},
    ) =>
      fetch(srv.origin() + path, {
        method,
        headers: { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0', ...headers },
        ...(method === 'PATCH' ? { body: new Uint8Array(10) } : {}),
      });
    const create = async (token: string, extra = '') => {
      const res = await tus(token, 'POST', ATTACHMENT_API.files, {
        'upload-length': '1000',
        'upload-metadata': `sha256 ${b64('a'.repeat(64))},recordId ${b64(clerk.ctx.newId())}${extra}`,
      });
      expect(res.status).toBe(201);
      return new URL(res.headers.get('location') ?? '', srv.origin()).pathname;
    };
    const upload = await create(clerk.token);
    const patch = { 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' };
    expect((await tus(naib.token, 'HEAD', upload)).status).toBe(404);
    expect((await tus(naib.token, 'PATCH', upload, patch)).status).toBe(404);
    expect((await tus(naib.token, 'DELETE', upload)).status).toBe(404);
    // Nor through the file store's metadata file beside it (`<id>.json`).
    expect((await tus(naib.token, 'DELETE', `${upload}.json`)).status).toBe(404);
    expect((await tus(naib.token, 'HEAD', `${upload}.json`)).status).toBe(404);
    // Nothing was written or removed: the owner still finds it at offset 0.
    const head = await tus(clerk.token, 'HEAD', upload);
    expect(head.status).toBe(200);
    expect(head.headers.get('upload-offset')).toBe('0');
    // Bytes are never read back through tus, not even by the owner.
    expect((await tus(clerk.token, 'GET', upload)).status).toBe(404);
    expect((await tus(clerk.token, 'DELETE', upload)).status).toBe(204);

    // A client cannot name someone else as the owner.
    const forged = await create(naib.token, `,patravali-owner ${b64('clerk.vikasnagar')}`);
    expect((await tus(clerk.token, 'HEAD', forged)).status).toBe(404);
    expect((await tus(naib.token, 'HEAD', forged)).status).toBe(200);
  });

  it('an upload without a valid session waits: the session, not the scan, was refused', async () => {
    const { random, server: srv, clerk } = await setup(56);
    const { sha256 } = await newReceiptWithScan(clerk, fakeJpeg(5_000, random));
    // A 401 (a session to sign in again, or another office's relay answering a visitor's
    // tablet, decision 0017 amendment 2) is tried again later, as the outbox is.
    const anonymous = { ...clerk, token: 'x'.repeat(43) };
    const results = await uploaderFor(anonymous, srv.origin(), random).runOnce();
    expect(results.get(sha256)).toBe('failed');
    expect((await clerk.db.scanUploads.get(sha256))?.state).toBe('waiting');
    // With a session the server takes, the same scan goes.
    const again = await uploaderFor(clerk, srv.origin(), random).runOnce();
    expect(again.get(sha256)).toBe('done');
  });
});
