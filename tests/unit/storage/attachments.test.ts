import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { attachScan, countPdfPages, type AttachDeps } from '@storage/scans/attachments.ts';
import { diariseReceipt, recordStateQuery } from '@storage/services.ts';
import { sha256Hex, sniffMime } from '@storage/scans/scan-bytes.ts';
import { clerk, fakeClock, must, naib, testDevice } from './helpers.ts';

const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6, 7, 8]);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 9, 9]);
const WEBP = new TextEncoder().encode('RIFF\u0000\u0000\u0000\u0000WEBPVP8 ');
const PDF = new TextEncoder().encode(
  '%PDF-1.4\n1 0 obj <</Type /Page>>\n2 0 obj <</Type /Page >>\n3 0 obj <</Type /Pages>>',
);

/** A fake downscaler: "re-encodes" to a small JPEG and reports a size. */
const deps: AttachDeps = {
  prepareImage: async (bytes) => ({
    bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xdb, ...bytes.slice(4, 8)]),
    mime: 'image/jpeg',
    width: 1600,
    height: 2000,
  }),
};

async function setup() {
  const clock = fakeClock();
  const device = testDevice('attach', clock);
  const ctx = device.as(clerk);
  const receipt = must(
    await diariseReceipt(ctx, {
      from: 'Patwari Dhakrani',
      letterNumber: '12/2026',
      letterDate: '2026-03-30',
      subject: 'Boundary dispute',
      category: 'revenue',
      mode: 'hand',
    }),
  );
  return { device, ctx, id: receipt.id, clock };
}

async function counts(db: ReturnType<typeof testDevice>['db']) {
  return {
    blobs: await db.blobs.count(),
    uploads: await db.scanUploads.count(),
    outbox: await db.outbox.count(),
    updates: await db.updates.count(),
  };
}

describe('sniffing', () => {
  it('knows JPEG, PNG, WebP and PDF by their bytes, and nothing else', () => {
    expect(sniffMime(JPEG)).toBe('image/jpeg');
    expect(sniffMime(PNG)).toBe('image/png');
    expect(sniffMime(WEBP)).toBe('image/webp');
    expect(sniffMime(PDF)).toBe('application/pdf');
    expect(sniffMime(new TextEncoder().encode('<html>'))).toBeNull();
    expect(countPdfPages(PDF)).toBe(2);
  });
});

describe('attachScan', () => {
  it('stores the downscaled image under its SHA-256, appends the event and queues the upload', async () => {
    const { device, ctx, id, clock } = await setup();
    const out = must(
      await attachScan(ctx, id, { bytes: JPEG, claimedMime: 'image/jpeg', name: 'p1.jpg' }, deps),
    );
    const blob = await device.db.blobs.get(out.sha256);
    expect(blob?.data).toEqual(new Uint8Array([0xff, 0xd8, 0xff, 0xdb, 1, 2, 3, 4]));
    expect(out.sha256).toBe(await sha256Hex(blob!.data));
    const state = await recordStateQuery(device.db, id, clock.now());
    expect(state?.attachments).toEqual([
      expect.objectContaining({
        sha256: out.sha256,
        width: 1600,
        height: 2000,
        pages: 1,
        name: 'p1.jpg',
      }),
    ]);
    expect(await device.db.scanUploads.get(out.sha256)).toMatchObject({
      recordId: id,
      state: 'waiting',
    });
    expect((await device.db.records.get(id))?.scans).toEqual([out.sha256]);
  });

  it('keeps the original only when asked', async () => {
    const { device, ctx, id } = await setup();
    const out = must(
      await attachScan(
        ctx,
        id,
        { bytes: JPEG, claimedMime: 'image/jpeg', name: 'a', keepOriginal: true },
        deps,
      ),
    );
    expect((await device.db.blobs.get(out.sha256))?.data).toEqual(JPEG);
  });

  it('stores a PDF as it is, with its page count', async () => {
    const { device, ctx, id, clock } = await setup();
    const out = must(
      await attachScan(
        ctx,
        id,
        { bytes: PDF, claimedMime: 'application/pdf', name: 'l.pdf' },
        deps,
      ),
    );
    const state = await recordStateQuery(device.db, id, clock.now());
    expect(state?.attachments[0]).toMatchObject({ sha256: out.sha256, pages: 2, width: null });
  });

  it('the same scan attached twice is stored once and referenced once', async () => {
    const { device, ctx, id, clock } = await setup();
    const a = must(await attachScan(ctx, id, { bytes: PDF, claimedMime: '', name: 'x.pdf' }, deps));
    const before = await counts(device.db);
    const b = must(await attachScan(ctx, id, { bytes: PDF, claimedMime: '', name: 'y.pdf' }, deps));
    expect(b).toEqual({ sha256: a.sha256, duplicate: true });
    expect(await counts(device.db)).toEqual(before);
    expect((await recordStateQuery(device.db, id, clock.now()))?.attachments).toHaveLength(1);
  });

  it.each([
    ['a type that lies', { bytes: PNG, claimedMime: 'image/jpeg' }, 'typeMismatch'],
    [
      'a type we do not take',
      { bytes: new TextEncoder().encode('MZ\u0090'), claimedMime: '' },
      'unsupported',
    ],
    [
      'a file over the limit',
      { bytes: new Uint8Array(61 * 1024 * 1024).fill(0xff), claimedMime: '' },
      'tooLarge',
    ],
  ])('refuses %s and writes nothing', async (_label, input, code) => {
    const { device, ctx, id } = await setup();
    const before = await counts(device.db);
    const out = await attachScan(ctx, id, { ...input, name: 'x' }, deps);
    expect(out).toMatchObject({ ok: false, error: code });
    expect(await counts(device.db)).toEqual(before);
  });

  it('refuses an image the decoder cannot read', async () => {
    const { ctx, id } = await setup();
    const broken: AttachDeps = { prepareImage: () => Promise.reject(new Error('decode failed')) };
    const out = await attachScan(ctx, id, { bytes: JPEG, claimedMime: '', name: 'x' }, broken);
    expect(out).toMatchObject({ ok: false, error: 'unreadable' });
  });

  it('someone who does not hold the receipt cannot attach', async () => {
    const { device, id } = await setup();
    const before = await counts(device.db);
    const out = await attachScan(
      device.as(naib),
      id,
      { bytes: PDF, claimedMime: '', name: 'x' },
      deps,
    );
    expect(out).toMatchObject({ ok: false, error: 'notHolder' });
    expect(await counts(device.db)).toEqual(before);
  });

  it('a full disk fails cleanly: no blob, no event, no upload, receipt unchanged', async () => {
    const { device, ctx, id, clock } = await setup();
    const before = await counts(device.db);
    const full: AttachDeps = {
      ...deps,
      putBlob: () => Promise.reject(new DOMException('disk full', 'QuotaExceededError')),
    };
    const out = await attachScan(ctx, id, { bytes: PDF, claimedMime: '', name: 'x' }, full);
    expect(out).toEqual({ ok: false, error: 'quotaExceeded' });
    expect(await counts(device.db)).toEqual(before);
    expect((await recordStateQuery(device.db, id, clock.now()))?.attachments).toEqual([]);
    // The device keeps working afterwards.
    must(await attachScan(ctx, id, { bytes: PDF, claimedMime: '', name: 'x' }, deps));
  });
});
