/** Request-body gzip lives in src/protocol/gzip.ts, shared with the office relay. */
export { gzipFromGlobals, gzipWithStream } from '@protocol/gzip.ts';
export type { Gzip } from '@protocol/gzip.ts';
