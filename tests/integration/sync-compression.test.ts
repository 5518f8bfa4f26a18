import 'fake-indexeddb/auto';
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { asDeviceId, asPersonId } from '@domain/ids.ts';
import { API } from '@protocol/api.ts';
import { decodeFrame, encodeFrame } from '@protocol/codec.ts';
import { MAX_FRAME_BYTES, PROTOCOL_VERSION } from '@protocol/messages.ts';
import type { ErrorCode, SyncResponse } from '@protocol/messages.ts';
import { createFile, saveDraft, sendRecord } from '@storage/services.ts';
import {
  createClock,
  createDevice,
  snapshotDevice,
  startServer,
  syncUntilClean,
  type TestDevice,
  type TestServer,
} from './sync-harness.ts';
import { mulberry32 } from './sync-random.ts';
import { startWireProxy, type WireProxy } from './wire-proxy.ts';

/**
 * Sync bodies above COMPRESS_MIN_BYTES travel compressed: requests gzip,
 * responses brotli to a client that offers it and gzip otherwise.
 */

let server: TestServer | null = null;
let proxy: WireProxy | null = null;
afterEach(async () => {
  await proxy?.close();
  proxy = null;
  await server?.close();
  server = null;
});

const WORDS = [
  'पत्रावली',
  'तहसील',
  'भूमि',
  'अभिलेख',
  'आदेश',
  'जाँच',
  'रिपोर्ट',
  'प्रस्तुत',
  'है',
  'की',
  'में',
  'हेतु',
];

function hindiText(random: () => number, chars: number): string {
  let text = '';
  while (text.length < chars) text += `${WORDS[Math.floor(random() * WORDS.length)] ?? ''} `;
  return text.slice(0, chars).trim(); // the app trims notings
}

async function setup(seed: number) {
  const clock = createClock();
  const random = mulberry32(seed);
  const direct = await startServer(clock, random);
  server = direct;
  const wire = await startWireProxy(() => direct.origin());
  proxy = wire;
  const viaProxy: TestServer = { ...direct, origin: () => wire.origin };
  return { clock, random, direct, wire, viaProxy };
}

/** Files with one long noting each, sent to the tehsildar; returns the noting texts. */
async function writeNotings(device: TestDevice, random: () => number, n: number) {
  const texts: string[] = [];
  for (let i = 0; i < n; i++) {
    const file = await createFile(device.ctx, { subject: `Case ${i}`, category: 'revenue' });
    if (!file.ok) throw new Error(file.error);
    const text = hindiText(random, 1500);
    await saveDraft(device.ctx, file.value.id, text);
    const sent = await sendRecord(device.ctx, file.value.id, {
      to: asPersonId('tehsildar.vikasnagar'),
      remarks: '',
      dueDate: null,
      priority: 'normal',
    });
    if (!sent.ok) throw new Error(sent.error);
    texts.push(text);
  }
  return texts;
}

async function notingTexts(device: TestDevice, now: number): Promise<string[]> {
  const snap = await snapshotDevice(device, now);
  return [...snap.values()].flatMap((r) => r.state?.notes.map((n) => n.text) ?? []).sort();
}

describe('sync compression', () => {
  it('a large push and a large pull cross the wire compressed and converge', async () => {
    const { clock, random, wire, viaProxy } = await setup(21);
    const clerk = await createDevice(viaProxy, 'clerk.vikasnagar', clock, random);
    const texts = await writeNotings(clerk, random, 30);
    const textBytes = Buffer.byteLength(texts.join(''));
    expect(textBytes).toBeGreaterThan(100_000);

    const up0 = wire.up();
    await syncUntilClean(clerk);
    const pushed = wire.up() - up0;
    console.log(`push of ${textBytes} B of notings: ${pushed} B up at the socket`);
    expect(pushed).toBeLessThan(textBytes / 2);

    const tehsildar = await createDevice(viaProxy, 'tehsildar.vikasnagar', clock, random);
    const down0 = wire.down();
    await syncUntilClean(tehsildar);
    const pulled = wire.down() - down0;
    console.log(`pull of ${textBytes} B of notings: ${pulled} B down at the socket`);
    expect(pulled).toBeLessThan(textBytes / 2);

    const expected = [...texts].sort();
    expect(await notingTexts(clerk, clock.now())).toEqual(expected);
    expect(await notingTexts(tehsildar, clock.now())).toEqual(expected);
  });

  /** A pull from cursor 0 over a plain socket: the body exactly as the server sent it. */
  function rawPull(origin: string, device: TestDevice, acceptEncoding: string | null) {
    const body = idleRequest(device);
    return new Promise<{ coding: string | null; raw: Buffer }>((resolve, reject) => {
      const req = request(
        origin + API.sync,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/octet-stream',
            authorization: `Bearer ${device.token}`,
            ...(acceptEncoding === null ? {} : { 'accept-encoding': acceptEncoding }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              coding: res.headers['content-encoding'] ?? null,
              raw: Buffer.concat(chunks),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  function pulled(bytes: Uint8Array): SyncResponse {
    const decoded = decodeFrame(bytes);
    if (!decoded.ok || decoded.value.type !== 'syncResponse')
      throw new Error('not a sync response');
    return decoded.value;
  }

  it('answers brotli to a client that offers it and gzip otherwise, with the same frame', async () => {
    const { clock, random, direct } = await setup(24);
    const clerk = await createDevice(direct, 'clerk.vikasnagar', clock, random);
    await writeNotings(clerk, random, 12);
    await syncUntilClean(clerk);
    const tehsildar = await createDevice(direct, 'tehsildar.vikasnagar', clock, random);

    const br = await rawPull(direct.origin(), tehsildar, 'gzip, deflate, br');
    const gzip = await rawPull(direct.origin(), tehsildar, 'gzip, deflate');
    const plain = await rawPull(direct.origin(), tehsildar, null);
    expect([br.coding, gzip.coding, plain.coding]).toEqual(['br', 'gzip', null]);
    const fromBr = pulled(brotliDecompressSync(br.raw));
    const fromGzip = pulled(gunzipSync(gzip.raw));
    const asSent = pulled(plain.raw);
    expect(fromBr.updates.length).toBeGreaterThan(0);
    // Only the server's clock may differ between the three answers.
    const same = (r: SyncResponse) => ({ ...r, serverTime: 0 });
    expect(same(fromBr)).toEqual(same(asSent));
    expect(same(fromGzip)).toEqual(same(asSent));
    // How much smaller brotli is depends on the text: the bench measures it on real notings.
    console.log(
      `one page: ${plain.raw.length} B as is, ${gzip.raw.length} B gzip, ${br.raw.length} B brotli`,
    );
  });

  async function postGzip(origin: string, device: TestDevice, body: Uint8Array) {
    const res = await fetch(origin + API.sync, {
      method: 'POST',
      headers: {
        'content-type': 'application/octet-stream',
        'content-encoding': 'gzip',
        authorization: `Bearer ${device.token}`,
      },
      body: new Uint8Array(body),
    });
    const decoded = decodeFrame(new Uint8Array(await res.arrayBuffer()));
    if (!decoded.ok) throw new Error(`undecodable response: ${decoded.error.detail}`);
    const frame = decoded.value;
    return { status: res.status, code: frame.type === 'error' ? frame.code : frame.type };
  }

  const idleRequest = (device: TestDevice) =>
    encodeFrame({
      type: 'syncRequest',
      protocol: PROTOCOL_VERSION,
      deviceId: asDeviceId(device.ctx.deviceId),
      cursor: 0,
      updates: [],
    });

  it('refuses a gzip bomb with frameTooLarge and keeps serving', async () => {
    const { clock, random, direct } = await setup(22);
    const clerk = await createDevice(direct, 'clerk.vikasnagar', clock, random);
    const bomb = gzipSync(Buffer.alloc(10 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(MAX_FRAME_BYTES); // passes the body limit; only inflating reveals it
    const expected: { status: number; code: ErrorCode } = { status: 413, code: 'frameTooLarge' };
    expect(await postGzip(direct.origin(), clerk, bomb)).toEqual(expected);
    // A gzipped frame just over the limit is refused the same way.
    const over = gzipSync(Buffer.alloc(MAX_FRAME_BYTES + 1));
    expect(await postGzip(direct.origin(), clerk, over)).toEqual(expected);
    expect(await postGzip(direct.origin(), clerk, gzipSync(idleRequest(clerk)))).toEqual({
      status: 200,
      code: 'syncResponse',
    });
    await syncUntilClean(clerk);
  });

  it('refuses a corrupt gzip body with frameMalformed', async () => {
    const { clock, random, direct } = await setup(23);
    const clerk = await createDevice(direct, 'clerk.vikasnagar', clock, random);
    const good = gzipSync(idleRequest(clerk));
    const corrupt = Uint8Array.from(good);
    corrupt.fill(0xff, 10, corrupt.length - 8); // header intact, deflate stream garbage
    const malformed = { status: 400, code: 'frameMalformed' };
    expect(await postGzip(direct.origin(), clerk, corrupt)).toEqual(malformed);
    expect(await postGzip(direct.origin(), clerk, good.subarray(0, good.length - 4))).toEqual(
      malformed,
    );
    expect(await postGzip(direct.origin(), clerk, good)).toEqual({
      status: 200,
      code: 'syncResponse',
    });
  });
});
