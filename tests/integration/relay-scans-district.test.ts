import { createHash } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Grade, RecordEvent } from '@domain/events.ts';
import type { RecordId } from '@domain/ids.ts';
import { blobPath } from '@protocol/attachments.ts';
import { openBlobDir, type BlobDir } from '../../sync-server/attachments/blob-dir.ts';
import { fetchScan } from '../../sync-server/relay/scans-down.ts';
import {
  newScansUp,
  RESTING_MS,
  scansToSend,
  sendListed,
  sendScan,
} from '../../sync-server/relay/scans-up.ts';
import { openSqliteStorage } from '../../sync-server/storage/sqlite.ts';
import type { ServerStorage } from '../../sync-server/storage/types.ts';
import { createUpload } from './attachments-helpers.ts';
import { base, desk, gradeEvent, laterSend, push, type Desk } from './confidential-client.ts';
import { addRelay, relaySignIn } from './relay-client.ts';
import { bearer, startTestServer, tempDir, type TestServer } from './server-harness.ts';
import { append, newFile } from './server-sync-client.ts';

/**
 * Scans between an office relay and the district (decision 0010, amendment 3), the
 * district's side and the relay's calls against a real district server: the relay's
 * session reads the scans of what its office's people may see (not only its office's
 * own), uploads only scans a record in its scope lists, with the listed size, and is
 * not held to a person's daily allowance; sendScan uploads in parts and resumes a cut
 * upload, fetchScan resumes a cut download and refuses bytes that do not hash to their name.
 */

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const bytesOf = (n: number, seed: number): Uint8Array =>
  Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 7) % 251);

const scanEvent = (actor: string, bytes: Uint8Array): RecordEvent => ({
  ...base(actor),
  type: 'attachmentAdded',
  sha256: sha(bytes),
  mime: 'image/jpeg',
  bytes: bytes.byteLength,
  pages: 1,
  name: 'letter.jpg',
  width: 100,
  height: 100,
});

/** A fetch that fails the `n`-th call (1-based) matching `method`, as a dropped WAN does. */
function failingFetch(method: string, n: number): typeof fetch & { calls: string[] } {
  const calls: string[] = [];
  let seen = 0;
  const f = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const m = init?.method ?? 'GET';
    const headers = (init?.headers ?? {}) as Record<string, string>;
    calls.push(`${m} ${headers['upload-offset'] ?? headers.range ?? ''}`);
    if (m === method && ++seen === n) throw new TypeError('fetch failed');
    return fetch(input, init);
  }) as typeof fetch & { calls: string[] };
  f.calls = calls;
  return f;
}

describe("a relay's scans at the district", () => {
  let server: TestServer;
  let storage: ServerStorage;
  let relayToken = '';
  let vkn: Desk;
  let ckt: Desk;
  let relayDir: { path: string; remove: () => Promise<void> };
  let blobs: BlobDir;
  const logs: string[] = [];
  let n = 0;
  let clock = Date.UTC(2026, 3, 1, 10, 0, 0);

  /** A file of `d`'s office listing a scan of `bytes`, optionally sent to `to`, pushed whole. */
  async function fileWithScan(
    d: Desk,
    office: string,
    bytes: Uint8Array,
    opts: { to?: string; grade?: Grade } = {},
  ): Promise<RecordId> {
    const f = newFile(d.user, office, `स्कैन ${++n}`, `${office}/REV/2026/${n}`);
    append(f, [
      ...(opts.grade === undefined ? [] : [gradeEvent(d.user, opts.grade)]),
      scanEvent(d.user, bytes),
      ...(opts.to === undefined ? [] : [laterSend(d.user, opts.to, null)]),
    ]);
    expect((await push(server, d, f, Y.encodeStateAsUpdate(f.doc))).refusals).toEqual([]);
    return f.id;
  }
  /** The scan as the district stores it, as if uploaded there. */
  const atDistrict = (bytes: Uint8Array) =>
    writeFileSync(join(server.config.dataDir, 'blobs', sha(bytes)), bytes);
  const head = (token: string, bytes: Uint8Array, id: RecordId) =>
    fetch(server.url + blobPath(sha(bytes), id), { method: 'HEAD', headers: bearer(token) });
  const deps = (f: typeof fetch = fetch) => ({
    url: server.url,
    fetch: f,
    blobs,
    log: (line: string) => logs.push(line),
    now: () => clock,
  });

  beforeAll(async () => {
    // A day's allowance of 1 MB: the relay's uploads are not held to it.
    server = await startTestServer({ PATRAVALI_MB_PER_DAY: '1', PATRAVALI_SYNC_PER_MINUTE: '0' });
    storage = openSqliteStorage(server.config.dataDir);
    vkn = await desk(server, 'clerk.vikasnagar');
    ckt = await desk(server, 'clerk.chakrata');
    const signed = await relaySignIn(server.url, await addRelay(storage, 'VKN'));
    expect(signed.status).toBe(201);
    relayToken = signed.body.token;
    relayDir = await tempDir('patravali-relay-scans-');
    blobs = await openBlobDir(relayDir.path);
  });
  afterAll(async () => {
    await storage.close();
    await server.stop();
    await relayDir.remove();
  });

  it("reads the scans of what its office's people may see, and no others", async () => {
    const sent = bytesOf(2000, 1);
    const sentId = await fileWithScan(ckt, 'chakrata', sent, { to: 'tehsildar.vikasnagar' });
    const secret = bytesOf(2000, 2);
    const secretId = await fileWithScan(ckt, 'chakrata', secret, {
      to: 'tehsildar.chakrata',
      grade: 'confidential',
    });
    atDistrict(sent);
    atDistrict(secret);
    // A Chakrata file sent to Vikasnagar's tehsildar: the relay's, as it syncs it (was 403).
    expect((await head(relayToken, sent, sentId)).status).toBe(200);
    expect((await head(relayToken, secret, secretId)).status).toBe(403);
    expect((await head(vkn.token, secret, secretId)).status).toBe(403);
  });

  it('uploads only a scan a record in its scope lists, with its size, beyond the daily allowance', async () => {
    const big = bytesOf(1_500_000, 3);
    const id = await fileWithScan(vkn, 'vikasnagar', big);
    // The clerk's own uploads of it: the first crosses her day's megabyte, the second waits.
    expect((await createUpload(server.url, vkn.token, big.byteLength)).status).toBe(201);
    expect((await createUpload(server.url, vkn.token, big.byteLength)).status).toBe(429);
    const meta = (key: string, value: string) => `${key} ${Buffer.from(value).toString('base64')}`;
    const post = (hash: string, record: string, size: number) =>
      fetch(`${server.url}/api/files`, {
        method: 'POST',
        headers: {
          ...bearer(relayToken),
          'tus-resumable': '1.0.0',
          'upload-length': String(size),
          'upload-metadata': `${meta('sha256', hash)},${meta('recordId', record)}`,
        },
      });
    expect((await post('cd'.repeat(32), id, big.byteLength)).status).toBe(404);
    expect((await post(sha(big), id, big.byteLength + 1)).status).toBe(400);
    expect((await post(sha(big), crypto.randomUUID(), big.byteLength)).status).toBe(404);
    const otherOffice = await fileWithScan(ckt, 'chakrata', bytesOf(100, 4));
    expect((await post(sha(bytesOf(100, 4)), otherOffice, 100)).status).toBe(403);
    // The relay's are not counted against any day.
    for (let i = 0; i < 2; i++) expect((await post(sha(big), id, big.byteLength)).status).toBe(201);

    // sendScan: the relay's copy goes up in parts; the second part's call fails (the WAN).
    writeFileSync(join(blobs.blobs, sha(big)), big);
    const up = newScansUp();
    // Listed by no record: not sent, and not looked up again for a minute.
    let lookups = 0;
    const none = { summaries: async () => (lookups++, []) };
    expect(await scansToSend(blobs, none, up, clock)).toEqual([]);
    expect(await scansToSend(blobs, none, up, clock + RESTING_MS - 1)).toEqual([]);
    expect(lookups).toBe(1);
    const cut = failingFetch('PATCH', 2);
    const scan = { sha256: sha(big), recordId: id };
    await expect(sendScan(deps(cut), up, relayToken, scan, 512 * 1024)).rejects.toThrow();
    expect((await head(relayToken, big, id)).status).toBe(404);
    const again = failingFetch('none', 0);
    expect(await sendScan(deps(again), up, relayToken, scan, 512 * 1024)).toBe('there');
    // Resumed where the district's copy stopped: one part was not sent again.
    expect(again.calls.filter((c) => c.startsWith('PATCH'))).toEqual([
      'PATCH 524288',
      'PATCH 1048576',
    ]);
    const res = await fetch(server.url + blobPath(sha(big), id), { headers: bearer(vkn.token) });
    expect(sha(new Uint8Array(await res.arrayBuffer()))).toBe(sha(big));
    expect(logs.at(-1)).toBe(`relay: scan ${sha(big)} sent to the district`);
    // Known to be there now: not asked again.
    expect(
      await scansToSend(
        blobs,
        { summaries: async () => [{ id, scans: [sha(big)] }] as never },
        up,
        clock,
      ),
    ).toEqual([]);
  });

  it('fetches a scan in parts, resumes a cut fetch, and refuses bytes that do not hash to their name', async () => {
    // The clerk used up her day above: the tehsildar's files.
    const tehsildar = await desk(server, 'tehsildar.vikasnagar');
    const scan = bytesOf(300_000, 5);
    const id = await fileWithScan(tehsildar, 'vikasnagar', scan);
    atDistrict(scan);
    const up = newScansUp();
    const ref = { sha256: sha(scan), recordId: id };
    const cut = failingFetch('GET', 2);
    await expect(fetchScan(deps(cut), up, relayToken, ref, 128 * 1024)).rejects.toThrow();
    expect(existsSync(blobs.pathOf(ref.sha256))).toBe(false);
    const again = failingFetch('none', 0);
    expect(await fetchScan(deps(again), up, relayToken, ref, 128 * 1024)).toBe('stored');
    expect(again.calls).toEqual(['GET bytes=131072-262143', 'GET bytes=262144-393215']);
    expect(up.atDistrict.has(ref.sha256)).toBe(true);
    expect(readdirSync(blobs.uploads)).toEqual([]);

    // The district's copy tampered with: same length, other bytes.
    const forged = bytesOf(5000, 6);
    const forgedId = await fileWithScan(tehsildar, 'vikasnagar', forged);
    writeFileSync(join(server.config.dataDir, 'blobs', sha(forged)), bytesOf(5000, 7));
    const bad = { sha256: sha(forged), recordId: forgedId };
    expect(await fetchScan(deps(), up, relayToken, bad)).toBe('forged');
    expect(existsSync(blobs.pathOf(bad.sha256))).toBe(false);
    expect(readdirSync(blobs.uploads)).toEqual([]);
    expect(logs.at(-1)).toBe(
      `relay: refused scan ${bad.sha256} from the district: its bytes do not hash to its name; not stored`,
    );
    // One the district does not have: nothing stored, asked again when a tablet asks.
    const missing = bytesOf(100, 8);
    const missingId = await fileWithScan(tehsildar, 'vikasnagar', missing);
    expect(
      await fetchScan(deps(), up, relayToken, { sha256: sha(missing), recordId: missingId }),
    ).toBe('absent');
  });

  it('leaves a scan the district does not take for a minute, said once', async () => {
    // Listed by a record the district does not have (its event refused, or not pushed yet).
    const orphan = bytesOf(1000, 9);
    writeFileSync(join(blobs.blobs, sha(orphan)), orphan);
    const id = crypto.randomUUID() as RecordId;
    const listing = { summaries: async () => [{ id, scans: [sha(orphan)] }] as never };
    const up = newScansUp();
    up.atDistrict.add(sha(bytesOf(1_500_000, 3)));
    const scan = { sha256: sha(orphan), recordIds: [id] };
    expect(await scansToSend(blobs, listing, up, clock)).toEqual([scan]);
    const before = logs.length;
    expect(await sendListed(deps(), up, relayToken, scan)).toBe('later');
    expect(logs.slice(before)).toEqual([
      `relay: the district did not take scan ${scan.sha256} (HTTP 404: no record here lists this scan (yet)); tried again in 60 s`,
    ]);
    expect(await scansToSend(blobs, listing, up, clock + RESTING_MS - 1)).toEqual([]);
    expect(await scansToSend(blobs, listing, up, clock + RESTING_MS)).toEqual([scan]);
    clock += RESTING_MS;
    expect(await sendListed(deps(), up, relayToken, scan)).toBe('later');
    expect(logs.length).toBe(before + 1);
  });

  it('sends a scan for another record that lists it when the district refuses it for the first', async () => {
    const tehsildar = await desk(server, 'tehsildar.vikasnagar');
    const bytes = bytesOf(1200, 10);
    // A Chakrata file listing it, not sent to Vikasnagar (not the relay's), and one the
    // district does not have, before the Vikasnagar file that lists it.
    const notOurs = await fileWithScan(ckt, 'chakrata', bytes);
    const unknown = crypto.randomUUID() as RecordId;
    const ours = await fileWithScan(tehsildar, 'vikasnagar', bytes);
    writeFileSync(blobs.pathOf(sha(bytes)), bytes);
    const listing = {
      summaries: async () =>
        [notOurs, unknown, ours].map((id) => ({ id, scans: [sha(bytes)] })) as never,
    };
    const up = newScansUp();
    const [scan] = await scansToSend(blobs, listing, up, clock);
    expect(scan).toEqual({ sha256: sha(bytes), recordIds: [notOurs, unknown, ours] });
    const calls = failingFetch('none', 0);
    expect(await sendListed(deps(calls), up, relayToken, scan!)).toBe('there');
    expect(calls.calls.filter((c) => c.startsWith('PATCH'))).toEqual(['PATCH 0']);
    expect((await head(tehsildar.token, bytes, ours)).status).toBe(200);
    expect(logs.at(-1)).toBe(`relay: scan ${sha(bytes)} sent to the district`);
    expect(up.resting.has(sha(bytes))).toBe(false);
  });

  it('keeps one unfinished upload of a scan per relay, and takes none of a scan it has', async () => {
    const scan = bytesOf(200_000, 10);
    // The clerk used up her day above: the tehsildar's file.
    const id = await fileWithScan(await desk(server, 'tehsildar.vikasnagar'), 'vikasnagar', scan);
    const meta = (key: string, value: string) => `${key} ${Buffer.from(value).toString('base64')}`;
    const post = () =>
      fetch(`${server.url}/api/files`, {
        method: 'POST',
        headers: {
          ...bearer(relayToken),
          'tus-resumable': '1.0.0',
          'upload-length': String(scan.byteLength),
          'upload-metadata': `${meta('sha256', sha(scan))},${meta('recordId', id)}`,
        },
      });
    const uploads = () =>
      readdirSync(join(server.config.dataDir, 'uploads')).filter((f) => !f.endsWith('.json'));
    const before = uploads().length;
    const tusHead = (location: string) =>
      fetch(new URL(location, server.url), {
        method: 'HEAD',
        headers: { ...bearer(relayToken), 'tus-resumable': '1.0.0' },
      });
    let last = '';
    for (let i = 0; i < 5; i++) {
      const res = await post();
      expect(res.status).toBe(201);
      const location = res.headers.get('location') ?? '';
      // Each create removes the one before: never more than one left unfinished.
      if (last !== '') expect((await tusHead(last)).status).toBe(404);
      expect((await tusHead(location)).status).toBe(200);
      last = location;
    }
    expect(uploads().length).toBe(before + 1);
    // Once the district has the scan, no upload of it is created.
    atDistrict(scan);
    const held = await post();
    expect(held.status).toBe(409);
    expect(await held.text()).toBe('the district has this scan');
    expect(uploads().length).toBe(before + 1);
  });
});
