/**
 * The device store's public face for the UI: typed commands that change
 * records (each one durable transaction; rule violations come back as named
 * error codes, never throws) and plain async queries for useLiveQuery.
 * No component touches Dexie directly.
 */
export type {
  CommandError,
  Created,
  CreateFileInput,
  DeviceContext,
  DiariseInput,
  Outcome,
  PutInFileTarget,
  SendInput,
} from './commands/service-types.ts';
export type { RecordSummary } from './db/db.ts';
export { loadDeviceContext } from './commands/device-context.ts';
export { discardDraft, getDraft, saveDraft } from './commands/drafts.ts';
export {
  closeFile,
  createFile,
  finaliseDraft,
  markOpened,
  park,
  pullBack,
  reopen,
  sendRecord,
} from './commands/file-commands.ts';
export { diariseReceipt, putReceiptInFile } from './commands/dak-commands.ts';
export { dismissConflict, resubmitIntoDraft } from './commands/conflict-commands.ts';
export {
  inboxQuery,
  listFiles,
  myOpenConflictsQuery,
  recordStateQuery,
  recordStatesQuery,
  searchRecords,
  sentPendingQuery,
  unsentRecordCount,
} from './db/queries.ts';
export { listQuarantine } from './sync/sync-store.ts';
