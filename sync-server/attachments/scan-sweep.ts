import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ServerStorage } from '../storage/types.ts';
import { isSha256Hex, type BlobDir } from './blob-dir.ts';

/**
 * Collects scan bytes nobody needs (issue 15, per-user limits): without it,
 * uploads abandoned half-way and scans of records that never reached the
 * server (refused, or invented to fill the disk) were kept for ever.
 *
 * - An unfinished tus upload that has not grown for `uploadIdleMs` is removed
 *   (its bytes and its `.json`); a tablet that comes back later starts that
 *   scan again from its own copy.
 * - A stored scan that no record on the server lists (the projection rows'
 *   `scans`) and that is older than `orphanScanMs` is removed. The grace period
 *   covers a tablet that uploaded a scan before its record's push arrived.
 *
 * Ages are file modification times, so `now` must be the clock that wrote them
 * (the machine's, not a test's simulated clock).
 */

export interface SweepLimits {
  readonly uploadIdleMs: number;
  readonly orphanScanMs: number;
}

export interface SweepResult {
  readonly uploadsRemoved: number;
  readonly scansRemoved: number;
  readonly bytesFreed: number;
}

/** The hashes of every scan some stored record lists. */
export type ReferencedScans = () => Promise<ReadonlySet<string>>;

async function fileInfo(path: string): Promise<{ mtime: number; size: number } | null> {
  try {
    const s = await stat(path);
    return { mtime: s.mtimeMs, size: s.size };
  } catch {
    return null; // removed meanwhile (finished, or swept by another run)
  }
}

async function sweepUploads(dir: BlobDir, now: number, idleMs: number) {
  const names = await readdir(dir.uploads);
  const ids = new Set(names.map((n) => n.replace(/\.json$/, '')));
  let removed = 0;
  let bytes = 0;
  for (const id of [...ids].sort()) {
    const files = [join(dir.uploads, id), join(dir.uploads, `${id}.json`)];
    const infos = (await Promise.all(files.map(fileInfo))).filter((i) => i !== null);
    if (infos.length === 0) continue;
    const lastActive = Math.max(...infos.map((i) => i.mtime));
    if (now - lastActive <= idleMs) continue;
    await Promise.all(files.map((f) => rm(f, { force: true })));
    removed += 1;
    bytes += infos.reduce((sum, i) => sum + i.size, 0);
  }
  return { removed, bytes };
}

async function sweepOrphans(
  dir: BlobDir,
  referenced: ReferencedScans,
  now: number,
  graceMs: number,
) {
  // Old enough candidates first, then the references: a scan listed by a record
  // pushed while the directory was read is kept.
  const old: { sha256: string; size: number }[] = [];
  for (const name of (await readdir(dir.blobs)).sort()) {
    if (!isSha256Hex(name)) continue;
    const info = await fileInfo(dir.pathOf(name));
    if (info !== null && now - info.mtime > graceMs) old.push({ sha256: name, size: info.size });
  }
  if (old.length === 0) return { removed: 0, bytes: 0 };
  const listed = await referenced();
  let removed = 0;
  let bytes = 0;
  for (const { sha256, size } of old) {
    if (listed.has(sha256)) continue;
    await rm(dir.pathOf(sha256), { force: true });
    removed += 1;
    bytes += size;
  }
  return { removed, bytes };
}

export async function sweepScans(
  dir: BlobDir,
  referenced: ReferencedScans,
  now: number,
  limits: SweepLimits,
): Promise<SweepResult> {
  const uploads = await sweepUploads(dir, now, limits.uploadIdleMs);
  const orphans = await sweepOrphans(dir, referenced, now, limits.orphanScanMs);
  return {
    uploadsRemoved: uploads.removed,
    scansRemoved: orphans.removed,
    bytesFreed: uploads.bytes + orphans.bytes,
  };
}

export interface SweepTimers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/** Sweeps now and every `everyMs`, one run at a time; returns the stop function. */
export function startScanSweeps(
  sweep: () => Promise<SweepResult>,
  everyMs: number,
  timers: SweepTimers,
  report: (result: SweepResult | Error) => void,
): () => void {
  let running = false;
  const run = (): void => {
    if (running) return;
    running = true;
    sweep()
      .then(report, (e: unknown) => report(e instanceof Error ? e : new Error(String(e))))
      .finally(() => {
        running = false;
      });
  };
  run();
  const handle = timers.setInterval(run, everyMs);
  return () => timers.clearInterval(handle);
}

/** The server sweeps at start and then every six hours. */
export const SWEEP_EVERY_MS = 6 * 60 * 60 * 1000;

/** Every scan hash the server's projection rows list (all offices). */
export async function referencedScans(
  storage: Pick<ServerStorage, 'summaries'>,
): Promise<ReadonlySet<string>> {
  const rows = await storage.summaries(null);
  return new Set(rows.flatMap((row) => row.scans));
}

/** One log line per sweep that removed something, or that failed. */
export function logSweep(app: FastifyInstance, result: SweepResult | Error): void {
  if (result instanceof Error) app.log.warn({ err: result }, 'scan sweep failed');
  else if (result.uploadsRemoved + result.scansRemoved > 0) app.log.info(result, 'scan sweep');
}
