import type { PrepareImage } from '@storage/scans/index.ts';
import type { ScanTransfer } from '@sync/scan-transfer.ts';

/**
 * What the scan components get from outside (AppEnv.scans): the image
 * downscaler (the browser's canvas one, or a fake in tests) and the running
 * background transfer of whoever is signed in (null while signed out or
 * before sync starts; attaching still works, the upload waits).
 */
export interface ScanEnv {
  readonly prepareImage: PrepareImage;
  readonly transfer: () => ScanTransfer | null;
}
