/**
 * The device store's public face for the UI. src/ui imports storage only from
 * here and from the façades of the jobs that only lazily loaded pages use
 * (backup/, scans/, trainer/, review/ each have an index.ts), so that their
 * code stays out of the first download; eslint.config.mjs enforces it. Commands change records (each one
 * durable transaction; rule violations come back as named error codes, never
 * throws); plain async queries are for useLiveQuery. No component touches
 * Dexie directly. Grouped by the sub-folder that does the job.
 */

// Records: the device database, its queries and its health.
export type { PatravaliDb, RecordSummary, ScanUploadRow, WrappedSigningKey } from './db/db.ts';
export { loadRecordDoc } from './db/record-store.ts';
export {
  copiesForMeQuery,
  diarisedLetterKeys,
  inboxQuery,
  listFiles,
  listRetention,
  myOpenConflictsQuery,
  officeFileStatesQuery,
  recordsOnDevice,
  recordStateQuery,
  recordStatesQuery,
  sentPendingQuery,
  unsentRecordCount,
} from './db/queries.ts';
export { filesLinkingQuery, linkableFilesQuery } from './db/link-queries.ts';
export { searchRecords } from './db/search-index.ts';
export {
  checkStorage,
  requestPersistence,
  type Persistence,
  type StorageHealth,
  type StorageNavigator,
} from './db/storage-health.ts';

// Commands: what a person does to a record, and the forms they leave half-filled.
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
export { loadDeviceContext } from './commands/device-context.ts';
export { discardDraft, getDraft, saveDraft } from './commands/drafts.ts';
export {
  closeFile,
  withdrawCopy,
  createFile,
  finaliseDraft,
  markCopySeen,
  markOpened,
  park,
  pullBack,
  reopen,
  sendRecord,
} from './commands/file-commands.ts';
export { diariseReceipt, putReceiptInFile } from './commands/dak-commands.ts';
export { changeRecordGrade, grantRecordAccess, officersOf } from './commands/grade-commands.ts';
export { linkFiles, unlinkFiles } from './commands/link-commands.ts';
export { closeFileVolume } from './commands/volume-commands.ts';
export { attachFileUnder, detachFile } from './commands/attach-files.ts';
export { dismissConflict, resubmitIntoDraft } from './commands/conflict-commands.ts';
export {
  approveLetter,
  dispatchLetter,
  draftLetter,
  reviseLetter,
} from './commands/letter-commands.ts';
export type { DispatchInput, NewLetterInput } from './commands/letter-commands.ts';
export { letterApprovalQuery } from './letters/letter-approval.ts';
export {
  clearFormDraft,
  getFormDraft,
  saveFormDraft,
  sendFormName,
  type FormFields,
  type FormName,
} from './commands/form-drafts.ts';

// Session: who is signed in on this tablet, their keys, and access taken away.
export {
  PBKDF2_ITERATIONS,
  currentSession,
  ensureDeviceId,
  hasAccount,
  keptDeviceNumber,
  rememberAccount,
  saveSession,
  signInOffline,
  signOut,
  storedDirectory,
  type StoredSession,
} from './session/session.ts';
export { authorKeyOfSession, decodeAuthorKey, rememberAuthorKey } from './session/author-key.ts';
export { rememberSessionToken } from './session/session-token.ts';
export {
  endIncompleteSession,
  signInAgainNotice,
  type SignInAgainNotice,
} from './session/session-upgrade.ts';
export {
  createSigningKey,
  deviceInfo,
  registrationOf,
  rememberSigningKey,
  storedSigningKey,
  unlockSigningKey,
  type Signer,
} from './session/signing-key.ts';
export { saveDeviceKeys, storedDeviceKeys } from './session/device-keys.ts';
export {
  dismissRevokedNotice,
  revokedNotice,
  wipeRevokedAccounts,
  wipeRevokedPerson,
  type RevokedNotice,
} from './session/revoked-access.ts';

// Sync: what the device keeps about its exchanges with the server.
export { createSyncPort } from './sync/sync-store.ts';
export { listQuarantine } from './sync/sync-store.ts';
// The quarantine list (in the shell) offers its own export; the rest of backup/ is lazy.
export {
  exportQuarantine,
  quarantineExportJson,
  quarantineFileName,
} from './backup/quarantine-export.ts';
export { keepLogKey } from './sync/log-watch.ts';
export { listPullProblems, type PullProblemItem } from './sync/pull-problems.ts';
export {
  recordSignatures,
  type RecordSignatures,
  type SignatureStatus,
} from './sync/signature-status.ts';
