import type { RecordId } from '@domain/ids.ts';
import { backoffDelay, type BackoffPolicy } from './backoff.ts';
import {
  downloadScan,
  fetchPlannedScans,
  type DownloadResult,
  type ScanDownloadDeps,
} from './scan-download.ts';
import type { ScanUploader } from './scan-upload.ts';

/**
 * Runs scan uploads and planned downloads in the background, one pass at a
 * time: after a sync succeeds, when a scan is queued, and on a backoff timer
 * while something failed. It holds no data of its own (all state is in the
 * device store), so stopping it at any moment loses nothing.
 */

export interface ScanTransferDeps {
  readonly uploader: ScanUploader;
  readonly download: ScanDownloadDeps;
  readonly random: () => number;
  readonly setTimeout: (fn: () => void, ms: number) => unknown;
  readonly clearTimeout: (handle: unknown) => void;
}

export interface ScanTransfer {
  /** Starts a pass now (or right after the one running). */
  kick(): void;
  /** Fetches one scan now, e.g. when someone opens it. */
  fetchNow(sha256: string, recordId: RecordId): Promise<DownloadResult>;
  pause(sha256: string): Promise<void>;
  resume(sha256: string): Promise<void>;
  stop(): void;
}

const RETRY: BackoffPolicy = { baseMs: 5_000, maxMs: 10 * 60_000 };

export function createScanTransfer(deps: ScanTransferDeps): ScanTransfer {
  let running = false;
  let again = false;
  let stopped = false;
  let failures = 0;
  let timer: unknown = null;

  async function pass(): Promise<boolean> {
    const uploads = await deps.uploader.runOnce();
    const uploadFailed = [...uploads.values()].includes('failed');
    await fetchPlannedScans(deps.download);
    return !uploadFailed;
  }

  function schedule(): void {
    if (stopped || timer !== null) return;
    timer = deps.setTimeout(
      () => {
        timer = null;
        kick();
      },
      backoffDelay(failures++, deps.random, RETRY),
    );
  }

  function kick(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    void pass()
      .then(
        (clean) => {
          if (clean) failures = 0;
          else schedule();
        },
        () => schedule(),
      )
      .finally(() => {
        running = false;
        if (again) {
          again = false;
          kick();
        }
      });
  }

  return {
    kick,
    fetchNow: (sha256, recordId) => downloadScan(deps.download, { sha256, recordId }),
    async pause(sha256) {
      await deps.uploader.pause(sha256);
    },
    async resume(sha256) {
      await deps.uploader.resume(sha256);
      kick();
    },
    stop() {
      stopped = true;
      if (timer !== null) deps.clearTimeout(timer);
    },
  };
}
