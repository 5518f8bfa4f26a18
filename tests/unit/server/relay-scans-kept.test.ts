import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asRecordId } from '@domain/ids.ts';
import { openBlobDir, type BlobDir } from '../../../sync-server/attachments/blob-dir.ts';
import { createScanLink } from '../../../sync-server/relay/scan-link.ts';
import {
  keepScansUp,
  MAX_KEPT,
  readScansUp,
  SCANS_FILE,
} from '../../../sync-server/relay/scans-kept.ts';
import { newScansUp, scansToSend } from '../../../sync-server/relay/scans-up.ts';

/**
 * What a relay knows of the district's scans outlives a restart
 * (sync-server/relay/scans-kept.ts): the scans the district has are not asked about
 * again, an unfinished upload goes on from the district's offset, and the file is
 * bounded.
 */

const RECORD = asRecordId('00000000-0000-4000-8000-00000000000a');
const THERE = 'ab'.repeat(32);
const CUT = 'cd'.repeat(32);
const DISTRICT = 'http://district.test';
const UPLOAD = `/api/files/${'e'.repeat(32)}`;

const until = async (done: () => boolean): Promise<void> => {
  while (!done()) await new Promise((r) => setTimeout(r, 1));
};

describe("a relay's knowledge of the district's scans", () => {
  let dir = '';
  let blobs: BlobDir;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relay-scans-kept-'));
    blobs = await openBlobDir(dir);
    writeFileSync(blobs.pathOf(THERE), 'scan');
    writeFileSync(blobs.pathOf(CUT), 'scan');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A scan link over `answer`, kept in `dir`: its calls (`METHOD path upload-offset`) and log. */
  function link(answer: (method: string, path: string) => Response) {
    const calls: string[] = [];
    const logs: string[] = [];
    const l = createScanLink({
      url: DISTRICT,
      fetch: async (url, init) => {
        const method = init?.method ?? 'GET';
        const path = String(url).replace(DISTRICT, '').split('?')[0] ?? '';
        calls.push(`${method} ${path} ${new Headers(init?.headers).get('upload-offset') ?? '-'}`);
        return answer(method, path);
      },
      blobs,
      log: (line) => logs.push(line),
      now: () => 0,
      storage: { summaries: async () => [{ id: RECORD, scans: [THERE, CUT] }] as never },
      token: () => 't',
      distrusted: () => false,
      dataDir: dir,
    });
    return { l, calls, logs };
  }

  it('asks nothing again of a scan the district has after a restart, and resumes a cut upload', async () => {
    const first = link((method, path) => {
      if (path === `/api/blobs/${THERE}`) return new Response(null, { status: 200 });
      if (path.startsWith('/api/blobs/')) return new Response(null, { status: 404 });
      if (method === 'POST')
        return new Response(null, { status: 201, headers: { location: UPLOAD } });
      throw new TypeError('fetch failed'); // the WAN drops the PATCH
    });
    first.l.kick();
    await until(() => first.logs.length > 0);
    await first.l.stop();
    expect(first.logs).toEqual(['relay: scan transfer stopped for now: fetch failed']);
    expect(existsSync(join(dir, SCANS_FILE))).toBe(true);

    // Restarted: the district kept 2 bytes of the cut PATCH.
    const second = link((method, path) => {
      if (path.startsWith('/api/blobs/')) return new Response(null, { status: 404 });
      if (method === 'HEAD')
        return new Response(null, { status: 200, headers: { 'upload-offset': '2' } });
      return new Response(null, { status: 204, headers: { 'upload-offset': '4' } });
    });
    second.l.kick();
    await until(() => second.logs.length > 0);
    await second.l.stop();
    expect(second.logs).toEqual([`relay: scan ${CUT} sent to the district`]);
    expect(second.calls).toEqual([
      `HEAD /api/blobs/${CUT} -`,
      `HEAD ${UPLOAD} -`,
      `PATCH ${UPLOAD} 2`,
    ]);
    // Written after the pass: both there, no upload left.
    const kept = JSON.parse(readFileSync(join(dir, SCANS_FILE), 'utf8')) as unknown;
    expect(kept).toEqual({ atDistrict: [THERE, CUT], uploads: {} });
  });

  it("has a new upload's address written before its first part goes up", async () => {
    // What is on disk while the PATCH goes up (a relay killed then restarts with it).
    let onDisk: unknown = null;
    const first = link((method, path) => {
      if (path === `/api/blobs/${THERE}`) return new Response(null, { status: 200 });
      if (path.startsWith('/api/blobs/')) return new Response(null, { status: 404 });
      if (method === 'POST')
        return new Response(null, { status: 201, headers: { location: UPLOAD } });
      onDisk = JSON.parse(readFileSync(join(dir, SCANS_FILE), 'utf8'));
      throw new TypeError('fetch failed');
    });
    first.l.kick();
    await until(() => first.logs.length > 0);
    await first.l.stop();
    expect(onDisk).toEqual({ atDistrict: [THERE], uploads: { [CUT]: `${DISTRICT}${UPLOAD}` } });
  });

  it('keeps the newest MAX_KEPT, and forgets the scans no longer here', async () => {
    const up = newScansUp();
    const hex = (i: number): string => i.toString(16).padStart(64, '0');
    for (let i = 0; i < MAX_KEPT + 2; i++) up.atDistrict.add(hex(i));
    up.changed = true;
    await keepScansUp(dir, up);
    const read = readScansUp(dir, DISTRICT, () => undefined);
    expect(read.atDistrict.size).toBe(MAX_KEPT);
    expect(read.atDistrict.has(hex(1))).toBe(false);
    expect(read.atDistrict.has(hex(2))).toBe(true);
    // Only THERE and CUT are in the blob directory.
    read.atDistrict.add(THERE);
    read.uploads.set(hex(3), `${DISTRICT}${UPLOAD}`);
    const storage = { summaries: async () => [{ id: RECORD, scans: [THERE, CUT] }] as never };
    const toSend = await scansToSend(blobs, storage, read, 0);
    expect(toSend.map((s) => s.sha256)).toEqual([CUT]);
    expect([...read.atDistrict]).toEqual([THERE]);
    expect(read.uploads.size).toBe(0);
    expect(read.changed).toBe(true);
  });

  it('takes a file it cannot read as empty, said once, and uploads elsewhere not at all', () => {
    writeFileSync(join(dir, SCANS_FILE), '{"atDistrict": [');
    const logs: string[] = [];
    expect(readScansUp(dir, DISTRICT, (l) => logs.push(l)).atDistrict.size).toBe(0);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/^relay: relay-district-scans\.json cannot be read \(/);
    writeFileSync(
      join(dir, SCANS_FILE),
      JSON.stringify({
        atDistrict: [THERE, 'not a hash', 7],
        uploads: { [CUT]: `https://elsewhere.example${UPLOAD}`, [THERE]: 5, x: UPLOAD },
      }),
    );
    const read = readScansUp(dir, DISTRICT, (l) => logs.push(l));
    expect([...read.atDistrict]).toEqual([THERE]);
    expect(read.uploads.size).toBe(0);
    expect(logs).toHaveLength(1);
    // Whole JSON, but no object: taken as empty too, not a relay that cannot start.
    writeFileSync(join(dir, SCANS_FILE), 'null');
    expect(readScansUp(dir, DISTRICT, (l) => logs.push(l)).atDistrict.size).toBe(0);
    expect(logs[1]).toMatch(/^relay: relay-district-scans\.json cannot be read \(not an object\)/);
  });
});
