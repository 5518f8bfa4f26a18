/**
 * The UI's way into storage/review/: pendency reports kept for offline reading, and this device's own.
 * A façade of its own (src/ui may not import deeper; eslint.config.mjs), so that a
 * lazily loaded page that uses it does not pull this code into the first download.
 */
export { loadReport, type ReportOutcome } from './review-cache.ts';
export { correctedClock, deviceReview } from './review-queries.ts';
