import 'fake-indexeddb/auto';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EXPORT_FILES, packExport, unpackExport } from '@doc/export-format.ts';
import { EXPORT_CHECKS, verifyExport } from '@doc/verify-export.ts';
import { asDeviceId, type RecordId } from '@domain/ids.ts';
import type { SessionResponse } from '@protocol/api.ts';
import { openDb, type PatravaliDb } from '@storage/db/db.ts';
import { saveDeviceKeys } from '@storage/session/device-keys.ts';
import { exportRecord } from '@storage/backup/export-file.ts';
import { keepLogKey } from '@storage/sync/log-watch.ts';
import { createSigningKey } from '@storage/session/signing-key.ts';
import { createSyncPort } from '@storage/sync/sync-store.ts';
import { refreshRecordProofs } from '@sync/record-proofs-fetch.ts';
import { createSyncStatusStore } from '@sync/status.ts';
import { runSync } from '@sync/sync-run.ts';
import { renderFilePdf } from '@ui/export/file-pdf.ts';
import { readPdf } from '../e2e/harness/pdf-text.ts';
import { testKey } from '../unit/doc/signing-keys.ts';
import { exportFonts, NodePdf } from './export-helpers.ts';
import { deviceUuid, startTestServer, tempDir, type TestServer } from './server-harness.ts';
import { sync } from './server-sync-client.ts';
import { CLERK, noting, signedFile, signInWith, TABLET } from './signed-client.ts';
import { nodeArgs } from '../server-bundle.ts';

/**
 * Issue 14, "verify, offline, by anyone": the naib's tablet (the real device
 * store, engine and signing key) syncs a signed file from a real server,
 * fetches its inclusion proofs and exports it; then, with the server stopped,
 * the export verifies by itself (in-process and with `npm run verify`), and a
 * byte flipped anywhere in it is caught with a named reason.
 */

const run = promisify(execFile);
const NAIB_TABLET = asDeviceId(deviceUuid(80));

async function cli(path: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, nodeArgs('verify', [path]));
    return { code: 0, out: stdout };
  } catch (e) {
    const failed = e as { code: number; stdout: string };
    return { code: failed.code, out: failed.stdout };
  }
}

/** Where `needle` sits in the archive (first time). */
function offsetOf(archive: Uint8Array, needle: string): number {
  const at = Buffer.from(archive).indexOf(Buffer.from(needle, 'utf8'));
  if (at < 0) throw new Error(`${needle} is not in the archive`);
  return at;
}

describe('an exported file verifies offline', () => {
  let server: TestServer;
  let db: PatravaliDb;
  let archive: Uint8Array;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let path: string;
  const clerkKey = testKey(CLERK, TABLET);
  const file = signedFile(clerkKey);

  beforeAll(async () => {
    server = await startTestServer();
    dir = await tempDir('patravali-export-');
    const c = await signInWith(server.url, 'clerk.vikasnagar', TABLET, clerkKey);
    const first = clerkKey.signEvent(
      file.meta,
      file.events,
      noting(CLERK, TABLET, 'प्रस्तुत। कृपया अवलोकन करें।'),
    );
    const one = file.append(first);
    const second = clerkKey.signEvent(file.meta, file.events, noting(CLERK, TABLET, 'REJECTED'));
    const update = Y.mergeUpdates([file.update, one, file.append(second)]);
    const pushed = await sync(server.url, c.body.token, TABLET, 0, [
      { ref: 1, recordId: file.meta.id, update },
    ]);
    expect(pushed.response.acks).toEqual([1]);

    const { stored, signer } = await createSigningKey('demo1234', 1000);
    const res = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: 'naib.vikasnagar',
        password: 'demo1234',
        deviceId: NAIB_TABLET,
        signingKey: {
          keyId: stored.keyId,
          algorithm: stored.algorithm,
          publicKey: Buffer.from(stored.publicKey).toString('base64url'),
          deviceInfo: 'Lenovo Tab M8 (Android 10)',
        },
      }),
    });
    expect(res.status).toBe(201);
    const naib = (await res.json()) as SessionResponse;
    db = openDb(`export-verify-${NAIB_TABLET}`);
    await saveDeviceKeys(db, naib.deviceKeys ?? []);
    await keepLogKey(db, naib.logKey);
    const transport = { baseUrl: server.url, fetch, now: () => Date.now() };
    const synced = await runSync({
      ...transport,
      port: createSyncPort(db),
      deviceId: NAIB_TABLET,
      getToken: () => naib.token,
      status: createSyncStatusStore(),
      gzip: null,
    });
    expect(synced.kind).toBe('synced');
    const proofs = await refreshRecordProofs(db, transport, naib.token, file.meta.id as RecordId);
    expect(proofs).toEqual({ kept: true, unproven: [] });
    // From here on the server is gone: the export and its checks use only the tablet's store.
    await server.stop();
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();

    const fonts = await exportFonts();
    const ctx = {
      db,
      person: naib.person,
      directory: naib.directory,
      deviceId: NAIB_TABLET,
      deviceNumber: naib.deviceNumber,
      now: () => Date.UTC(2026, 3, 2, 10, 0, 0),
      newId: () => crypto.randomUUID(),
      signer,
    };
    const exported = await exportRecord(ctx, file.meta.id as RecordId, (facts) =>
      renderFilePdf(NodePdf, fonts, {
        ...facts,
        directory: naib.directory,
        exportedAt: ctx.now(),
        exportedBy: naib.person.id,
      }),
    );
    if (!exported.ok) throw new Error(exported.error);
    archive = exported.bytes;
    path = join(dir.path, exported.fileName);
    await writeFile(path, archive);
  });
  afterAll(async () => {
    db?.close();
    await dir?.remove();
  });

  it('says Signature valid, in-process and from npm run verify, with no server', async () => {
    const verdict = verifyExport(archive);
    expect(verdict.findings).toEqual([]);
    expect(verdict.notices).toEqual([]);
    expect(verdict.summary).toMatchObject({
      number: file.meta.number,
      events: 2,
      signedItems: 3,
      provenItems: 3,
      exportedBy: 'naib.vikasnagar',
    });
    const files = unpackExport(archive);
    expect([...(files?.keys() ?? [])]).toEqual(Object.values(EXPORT_FILES));
    expect(
      Buffer.from(files?.get(EXPORT_FILES.pdf) ?? [])
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const { code, out } = await cli(path);
    expect(out.split('\n')[0]).toBe('Signature valid');
    expect(code).toBe(0);
  });

  it('prints the cover, the numbered note sheet with authors and times, movements and correspondence', async () => {
    const pdf = unpackExport(archive)?.get(EXPORT_FILES.pdf) as Uint8Array;
    const text = (await readPdf(pdf)).map((s) => s.text).join(' ');
    for (const part of [
      file.meta.number,
      'Note sheet',
      // pdf.js reads Devanagari back in glyph runs, so whole words that survive that.
      'नोटशीट / Note sheet',
      'अवलोकन करें।',
      '2. REJECTED',
      'Sunita Rawat, Desk Assistant (clerk.vikasnagar)',
      '1 Apr 2026',
      'Movement history',
      'Correspondence',
      'Signed items: 3 of 3',
      'proven in the server log: 3 of 3',
    ])
      expect(text).toContain(part);
    // Noto Sans Devanagari is embedded (both subsets), not left to the reader's fonts.
    expect(
      (
        Buffer.from(pdf)
          .toString('latin1')
          .match(/\/FontFile2/g) ?? []
      ).length,
    ).toBe(2);
  });

  it('catches a byte flipped anywhere in the archive, naming a check', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: archive.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        (at, mask) => {
          const bad = Uint8Array.from(archive);
          bad[at] = (bad[at] as number) ^ mask;
          const verdict = verifyExport(bad);
          expect(verdict.ok).toBe(false);
          expect(verdict.findings.length).toBeGreaterThan(0);
          for (const f of verdict.findings) expect(EXPORT_CHECKS).toContain(f.check);
        },
      ),
      { numRuns: 300 },
    );
  });

  const entryRegion = (name: string): [number, number] => {
    const bytes = unpackExport(archive)?.get(name) as Uint8Array;
    const at = Buffer.from(archive).indexOf(Buffer.from(bytes));
    return [at, at + bytes.length - 1];
  };

  it.each([
    ['the PDF', () => entryRegion(EXPORT_FILES.pdf), EXPORT_FILES.pdf],
    ['an event', () => around('REJECTED'), EXPORT_FILES.record],
    ['a key', () => around(`"publicKey": "`, 20), EXPORT_FILES.keys],
    ['a proof', () => around(`"path": [\n`, 30), EXPORT_FILES.log],
    ['the tree head', () => around(`"root": "`, 20), EXPORT_FILES.log],
  ] as const)('a byte flipped in %s is a hash mismatch of its file', (_what, region, name) => {
    const [from, to] = region();
    fc.assert(
      fc.property(
        fc.integer({ min: from, max: to }),
        fc.integer({ min: 1, max: 255 }),
        (at, mask) => {
          const bad = Uint8Array.from(archive);
          bad[at] = (bad[at] as number) ^ mask;
          expect(verifyExport(bad).findings).toContainEqual(
            expect.objectContaining({ check: 'hashMismatch', subject: name }),
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  /** A stretch of bytes right after `needle` in the archive. */
  function around(needle: string, length = needle.length): [number, number] {
    const at = offsetOf(archive, needle) + needle.length;
    return [at, at + length - 1];
  }

  it('names the event whose words changed even when the hash report is made again', async () => {
    const files = unpackExport(archive) as Map<string, Uint8Array>;
    const record = new TextDecoder().decode(files.get(EXPORT_FILES.record));
    files.set(
      EXPORT_FILES.record,
      new TextEncoder().encode(record.replace('REJECTED', 'APPROVED')),
    );
    const verdict = verifyExport(packExport(files));
    const edited = file.events[1]?.id;
    expect(verdict.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ check: 'hashMismatch', subject: EXPORT_FILES.record }),
        expect.objectContaining({ check: 'signatureInvalid', subject: `event ${edited}` }),
        expect.objectContaining({ check: 'inclusionFailed', subject: `event ${edited}` }),
      ]),
    );
    expect(verdict.summary?.provenItems).toBe(2);
    const tampered = join(dir.path, 'tampered.zip');
    await writeFile(tampered, packExport(files));
    const { code, out } = await cli(tampered);
    expect(code).toBe(1);
    expect(out).toContain('NOT VALID');
    expect(out).toContain(`signatureInvalid: event ${edited}`);
  });

  it('checks the head against a log key given by the verifier', () => {
    const logKey = verifyExport(archive).summary?.logKey ?? '';
    expect(verifyExport(archive, { logKey }).ok).toBe(true);
    const other = `${logKey[0] === 'A' ? 'B' : 'A'}${logKey.slice(1)}`;
    const verdict = verifyExport(archive, { logKey: other });
    expect(verdict.ok).toBe(false);
    expect(verdict.findings).toContainEqual(
      expect.objectContaining({ check: 'headSignature', subject: 'tree head' }),
    );
    expect(verdict.summary?.provenItems).toBe(0);
  });
});
