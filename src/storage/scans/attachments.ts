import { addAttachment } from '@domain/commands.ts';
import { LIMITS, type AttachmentMime } from '@domain/events.ts';
import type { RecordId } from '@domain/ids.ts';
import { changeRecord, CommandRefused, runCommand, unwrap } from '../commands/command-runner.ts';
import type { BlobRow, PatravaliDb } from '../db/db.ts';
import { searchTables } from '../db/search-rows.ts';
import { sha256Hex, sniffMime } from './scan-bytes.ts';
import type { CommandError, DeviceContext } from '../commands/service-types.ts';

/**
 * Attaching a scan to a receipt or file.
 *
 * What is stored where:
 * - `blobs`       the scan's bytes under their SHA-256 (the same scan attached
 *                 twice, here or anywhere, is stored once);
 * - `updates`/`outbox` the attachmentAdded event, like any other event;
 * - `scanUploads` a queue row so the uploader sends the bytes over tus.
 * All three are written in ONE transaction: a full disk (QuotaExceededError)
 * or a refused event leaves none of them, so the receipt never references a
 * scan the device does not have.
 */

/** Largest file accepted before downscaling (a phone photo is ~3–8 MB). */
export const MAX_INPUT_BYTES = 60 * 1024 * 1024;

export interface PreparedScan {
  readonly bytes: Uint8Array;
  readonly mime: AttachmentMime;
  readonly width: number;
  readonly height: number;
}

/**
 * Downscales an image to office quality (see scan-image.ts for the browser
 * version); throws if the image cannot be decoded. Injected so Node tests
 * can pass a fake.
 */
export type PrepareImage = (bytes: Uint8Array, mime: AttachmentMime) => Promise<PreparedScan>;

export interface AttachDeps {
  readonly prepareImage: PrepareImage;
  readonly sha256?: (bytes: Uint8Array) => Promise<string>;
  /** Writes the blob row; tests wrap it to simulate a full disk. */
  readonly putBlob?: (db: PatravaliDb, row: BlobRow) => Promise<unknown>;
}

export interface ScanInput {
  readonly bytes: Uint8Array;
  /** What the file claims to be (File.type); '' when the browser did not say. */
  readonly claimedMime: string;
  readonly name: string;
  /** Keep the image as taken instead of downscaling it. */
  readonly keepOriginal?: boolean;
}

export type AttachError =
  CommandError | 'tooLarge' | 'typeMismatch' | 'unsupported' | 'unreadable' | 'quotaExceeded';

export type AttachOutcome =
  | { readonly ok: true; readonly value: { readonly sha256: string; readonly duplicate: boolean } }
  | { readonly ok: false; readonly error: AttachError; readonly detail?: string };

class AttachRefused extends Error {
  constructor(
    readonly code: AttachError,
    readonly detail?: string,
  ) {
    super(code);
  }
}

interface Ready extends PreparedScan {
  readonly pages: number;
  readonly isImage: boolean;
}

/** Pages of a PDF, counted from its page objects; at least 1. */
export function countPdfPages(bytes: Uint8Array): number {
  const text = new TextDecoder('latin1').decode(bytes);
  const n = text.match(/\/Type\s*\/Page(?![A-Za-z])/g)?.length ?? 0;
  return Math.min(Math.max(n, 1), LIMITS.attachmentPages);
}

/** Checks the claimed type against the bytes, then downscales images. */
async function prepare(input: ScanInput, deps: AttachDeps): Promise<Ready> {
  if (input.bytes.byteLength > MAX_INPUT_BYTES) throw new AttachRefused('tooLarge');
  const real = sniffMime(input.bytes);
  if (real === null) throw new AttachRefused('unsupported');
  if (input.claimedMime !== '' && input.claimedMime !== real) {
    throw new AttachRefused('typeMismatch', `${input.claimedMime} is ${real}`);
  }
  if (real === 'application/pdf') {
    const pages = countPdfPages(input.bytes);
    return { bytes: input.bytes, mime: real, width: 0, height: 0, pages, isImage: false };
  }
  let image: PreparedScan;
  try {
    image = input.keepOriginal
      ? await deps
          .prepareImage(input.bytes, real)
          .then((p) => ({ ...p, bytes: input.bytes, mime: real }))
      : await deps.prepareImage(input.bytes, real);
  } catch (e) {
    throw new AttachRefused('unreadable', e instanceof Error ? e.message : String(e));
  }
  // The downscaler's output is checked like any input.
  if (sniffMime(image.bytes) !== image.mime)
    throw new AttachRefused('unreadable', 'encoder output');
  return { ...image, pages: 1, isImage: true };
}

function isQuotaError(e: unknown): boolean {
  for (let x: unknown = e; x instanceof Error; x = (x as { inner?: unknown }).inner) {
    if (x.name === 'QuotaExceededError') return true;
  }
  return false;
}

/**
 * Attaches a scan to a receipt or file the person holds. Refusals (type,
 * size, unreadable image, workflow rules, full disk) come back as codes and
 * write nothing.
 */
export async function attachScan(
  ctx: DeviceContext,
  recordId: RecordId,
  input: ScanInput,
  deps: AttachDeps,
): Promise<AttachOutcome> {
  try {
    const ready = await prepare(input, deps);
    if (ready.bytes.byteLength > LIMITS.attachmentBytes) throw new AttachRefused('tooLarge');
    const sha256 = await (deps.sha256 ?? sha256Hex)(ready.bytes);
    const duplicate = await saveScan(ctx, recordId, { ...ready, sha256, name: input.name }, deps);
    return { ok: true, value: { sha256, duplicate } };
  } catch (e) {
    if (e instanceof AttachRefused) {
      return e.detail === undefined
        ? { ok: false, error: e.code }
        : { ok: false, error: e.code, detail: e.detail };
    }
    if (isQuotaError(e)) return { ok: false, error: 'quotaExceeded' };
    throw e;
  }
}

/** Blob, event and upload row in one transaction; true if the record already had this scan. */
async function saveScan(
  ctx: DeviceContext,
  recordId: RecordId,
  scan: Ready & { readonly sha256: string; readonly name: string },
  deps: AttachDeps,
): Promise<boolean> {
  const { db } = ctx;
  const putBlob = deps.putBlob ?? ((d: PatravaliDb, row: BlobRow) => d.blobs.put(row));
  const tables = [
    db.updates,
    db.outbox,
    db.records,
    ...searchTables(db),
    db.logEntries,
    db.drafts,
    db.kv,
    db.blobs,
    db.scanUploads,
  ];
  return db.transaction('rw', tables, async () => {
    const duplicate = await addScanEvent(ctx, recordId, scan);
    const stored = await db.blobs.get(scan.sha256);
    if (stored === undefined) {
      await putBlob(db, {
        sha256: scan.sha256,
        mime: scan.mime,
        data: scan.bytes,
        size: scan.bytes.byteLength,
        savedAt: ctx.now(),
        origin: 'local',
      });
    }
    // A scan that came from the server is there already; only local ones travel.
    if (stored?.origin !== 'server' && (await db.scanUploads.get(scan.sha256)) === undefined) {
      await db.scanUploads.put({
        sha256: scan.sha256,
        recordId,
        name: scan.name,
        mime: scan.mime,
        size: scan.bytes.byteLength,
        queuedAt: ctx.now(),
        state: 'waiting',
        sent: 0,
      });
    }
    return duplicate;
  });
}

/** The attachmentAdded event, unless the record has this scan already (then true). */
async function addScanEvent(
  ctx: DeviceContext,
  recordId: RecordId,
  scan: Ready & { readonly sha256: string; readonly name: string },
): Promise<boolean> {
  const outcome = await runCommand(ctx, (scope) =>
    changeRecord(scope, recordId, (c) => {
      const state = c.state();
      if (state === null) throw new CommandRefused('notFound');
      if (state.attachments.some((a) => a.sha256 === scan.sha256)) return true;
      unwrap(
        addAttachment(c, {
          sha256: scan.sha256,
          mime: scan.mime,
          bytes: scan.bytes.byteLength,
          pages: scan.pages,
          name: scan.name.trim().slice(0, LIMITS.shortFieldChars) || 'scan',
          width: scan.isImage ? scan.width : null,
          height: scan.isImage ? scan.height : null,
        }),
      );
      return false;
    }),
  );
  if (!outcome.ok) throw new AttachRefused(outcome.error, outcome.detail);
  return outcome.value;
}
