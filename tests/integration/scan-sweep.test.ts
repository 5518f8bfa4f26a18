import 'fake-indexeddb/auto';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { blobPath } from '@protocol/attachments.ts';
import { runAdmin, type AdminIo } from '../../sync-server/admin-commands.ts';
import { createUpload, fakeJpeg, newReceiptWithScan, uploaderFor } from './attachments-helpers.ts';
import {
  createClock,
  createDevice,
  startServer,
  syncUntilClean,
  type OwnServer,
} from './sync-harness.ts';
import { mulberry32 } from './sync-random.ts';

/**
 * Issue 15, per-user limits: scans for records that never reach the server and
 * uploads abandoned half-way used to be kept for ever. Against a real server
 * and its data directory; the admin command runs the server's own sweep.
 */

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const LIMITS = { uploadIdleMs: 24 * HOUR, orphanScanMs: 30 * DAY };

let server: OwnServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** Runs `collect-scans` as if the machine's clock read now + `laterMs`. */
async function collectScans(srv: OwnServer, laterMs: number): Promise<string[]> {
  const lines: string[] = [];
  const io: AdminIo = {
    storage: srv.storage(),
    now: () => Date.now() + laterMs,
    randomBytes: (n) => new Uint8Array(n),
    scryptLogN: 10,
    out: (line) => lines.push(line),
    readSecret: () => Promise.resolve(''),
    scans: { dataDir: srv.dataDir, limits: LIMITS },
  };
  expect(await runAdmin(['collect-scans'], io)).toBe(0);
  return lines;
}

/** Starts a tus upload of `size` bytes and sends only its first `sent`. */
async function abandonedUpload(srv: OwnServer, token: string, size: number, sent: number) {
  const created = await createUpload(srv.origin(), token, size);
  expect(created.status).toBe(201);
  const location = created.headers.get('location') ?? '';
  const patched = await fetch(new URL(location, srv.origin()), {
    method: 'PATCH',
    headers: {
      authorization: `Bearer ${token}`,
      'tus-resumable': '1.0.0',
      'upload-offset': '0',
      'content-type': 'application/offset+octet-stream',
    },
    body: new Uint8Array(sent),
  });
  expect(patched.status).toBe(204);
}

const uploadsOf = (srv: OwnServer) => readdirSync(join(srv.dataDir, 'uploads'));
const blobsOf = (srv: OwnServer) => readdirSync(join(srv.dataDir, 'blobs')).sort();

describe('scan bytes nobody needs are collected', () => {
  it('removes an abandoned upload after a day and a scan no record lists after a month, keeping every listed scan', async () => {
    const clock = createClock();
    const random = mulberry32(715);
    server = await startServer(clock, random);
    const srv = server;
    const clerk = await createDevice(srv, 'clerk.vikasnagar', clock, random);
    const naib = await createDevice(srv, 'naib.vikasnagar', clock, random);

    // A receipt whose record reached the server, with its scan.
    const kept = fakeJpeg(60_000, random);
    const listed = await newReceiptWithScan(clerk, kept);
    await syncUntilClean(clerk);
    expect((await uploaderFor(clerk, srv.origin(), random).runOnce()).get(listed.sha256)).toBe(
      'done',
    );
    // A scan uploaded for a receipt the server never receives.
    const orphan = await newReceiptWithScan(clerk, fakeJpeg(50_000, random));
    expect((await uploaderFor(clerk, srv.origin(), random).runOnce()).get(orphan.sha256)).toBe(
      'done',
    );
    // An upload given up half-way, and a stray file that is no scan.
    await abandonedUpload(srv, clerk.token, 40_000, 10_000);
    writeFileSync(join(srv.dataDir, 'blobs', 'README'), 'not a scan');
    expect(uploadsOf(srv).length).toBe(2); // the bytes and their .json
    expect(blobsOf(srv)).toEqual([listed.sha256, orphan.sha256, 'README'].sort());

    // Within the hour nothing goes.
    expect(await collectScans(srv, HOUR)).toEqual([
      'removed 0 abandoned upload(s) and 0 scan(s) no record lists; 0.0 MB freed',
    ]);
    expect(uploadsOf(srv).length).toBe(2);

    // Two days on: the abandoned upload goes, every finished scan stays.
    expect(await collectScans(srv, 2 * DAY)).toEqual([
      'removed 1 abandoned upload(s) and 0 scan(s) no record lists; 0.0 MB freed',
    ]);
    expect(uploadsOf(srv)).toEqual([]);
    expect(blobsOf(srv)).toEqual([listed.sha256, orphan.sha256, 'README'].sort());

    // A month on: the scan no record lists goes; the listed one is still served.
    expect(await collectScans(srv, 31 * DAY)).toEqual([
      'removed 0 abandoned upload(s) and 1 scan(s) no record lists; 0.1 MB freed',
    ]);
    expect(blobsOf(srv)).toEqual([listed.sha256, 'README'].sort());
    await syncUntilClean(naib);
    const res = await fetch(srv.origin() + blobPath(listed.sha256, listed.id), {
      headers: { authorization: `Bearer ${naib.token}` },
    });
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(kept);
  });
});
