/**
 * The UI's way into storage/scans/: images attached to records, kept within a budget, uploaded in the background.
 * A façade of its own (src/ui may not import deeper; eslint.config.mjs), so that a
 * lazily loaded page that uses it does not pull this code into the first download.
 */
export { attachScan, type AttachError, type PrepareImage } from './attachments.ts';
export { downscaleInBrowser } from './scan-image.ts';
export { uploadsOfRecord, waitingUploadCount } from './scan-queue.ts';
export {
  evictOverBudget,
  hasScan,
  readScan,
  scanBudget,
  scanBytesStored,
  setScanBudget,
} from './scan-store.ts';
