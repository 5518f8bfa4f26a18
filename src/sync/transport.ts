/**
 * The HTTP exchange lives in src/protocol/transport.ts, shared with the office
 * relay's upstream link (sync-server/relay/), which syncs with the district as
 * a device does.
 */
export { exchange, MAX_RESPONSE_BYTES } from '@protocol/transport.ts';
export type { ExchangeOutcome, SyncTransportDeps } from '@protocol/transport.ts';
