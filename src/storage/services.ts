/**
 * The device store's public face for the UI. src/ui imports storage only from
 * here and from the façades of the jobs that only lazily loaded pages use
 * (backup/, scans/, trainer/, review/ each have an index.ts), so that their
 * code stays out of the first download; eslint.config.mjs enforces it. Commands change records (each one
 * durable transaction; rule violations come back as named error codes, never
 * throws); plain async queries are for useLiveQuery. No component touches
 * Dexie directly. Grouped by the sub-folder that does the job.
 *
 * What reads or changes records' Yjs documents (the commands, a record's folded
 * state, the sync port) is in records.ts, kept out of the app shell: each such
 * function here loads it on first use and then calls it (`lazy`,
 * lazy-module.ts), with the same signature. The service worker's install precaches its chunks.
 */

import type { PatravaliDb } from './db/db.ts';
import { lazyModule } from './lazy-module.ts';
import type * as RecordsModule from './records.ts';

type Records = typeof RecordsModule;
const records = lazyModule<Records>(() => import('./records.ts'));
const lazy = records.fn;

// Records: the device database, its queries and its health.
export type { PatravaliDb, RecordSummary, ScanUploadRow, WrappedSigningKey } from './db/db.ts';
export const loadRecordDoc = lazy('loadRecordDoc');
export {
  copiesForMeQuery,
  disorderedAtRelay,
  droppedAtRelay,
  inboxQuery,
  keptAtRelaySince,
  listFiles,
  listRetention,
  myOpenConflictsQuery,
  recordsOnDevice,
  refutedRelayClaims,
  sentPendingQuery,
  unsentRecordCount,
  waitingAtRelay,
} from './db/queries.ts';
export const diarisedLetterKeys = lazy('diarisedLetterKeys');
export const officeFileStatesQuery = lazy('officeFileStatesQuery');
export const recordStateQuery = lazy('recordStateQuery');
export const recordStatesQuery = lazy('recordStatesQuery');
export { filesLinkingQuery, heldFilesQuery, linkableFilesQuery } from './db/link-queries.ts';
export { joinOnDevice } from './sync/join-state.ts';
export { readReviewRowsAhead, type WhenIdle } from './review/review-rows.ts';
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
export { discardDraft, getDraft, saveDraft, storedDraft } from './commands/drafts.ts';
export {
  backUpTyping,
  backupIsNewer,
  dropBackup,
  keepBackupsAndWipe,
  readBackup,
  wipeOtherBackups,
  type UnsavedStore,
  type UnsavedTarget,
} from './commands/unsaved-typing.ts';
export const closeFile = lazy('closeFile');
export const withdrawCopy = lazy('withdrawCopy');
export const createFile = lazy('createFile');
export const finaliseDraft = lazy('finaliseDraft');
export const markCopySeen = lazy('markCopySeen');
export const markOpened = lazy('markOpened');
export const park = lazy('park');
export const pullBack = lazy('pullBack');
export const reopen = lazy('reopen');
export const sendRecord = lazy('sendRecord');
export const diariseReceipt = lazy('diariseReceipt');
export const putReceiptInFile = lazy('putReceiptInFile');
export const changeRecordGrade = lazy('changeRecordGrade');
export const grantRecordAccess = lazy('grantRecordAccess');
export { officersOf } from './commands/officers.ts';
export const linkFiles = lazy('linkFiles');
// Saved groups of recipients made in the app (decision 0014).
export const saveRecipientGroup = lazy('saveRecipientGroup');
export const changeRecipientGroup = lazy('changeRecipientGroup');
export { officeGroupsQuery } from './db/group-queries.ts';
export type { GroupChange, GroupInput } from './commands/group-commands.ts';
export type { SavedGroup } from '@domain/groups.ts';
export const unlinkFiles = lazy('unlinkFiles');
export const unlinkFromLinkedFile = lazy('unlinkFromLinkedFile');
export const closeFileVolume = lazy('closeFileVolume');
export const attachFileUnder = lazy('attachFileUnder');
export const detachFile = lazy('detachFile');
export const dismissConflict = lazy('dismissConflict');
export const resubmitIntoDraft = lazy('resubmitIntoDraft');
export const approveLetter = lazy('approveLetter');
export const dispatchLetter = lazy('dispatchLetter');
export const draftLetter = lazy('draftLetter');
export const reviseLetter = lazy('reviseLetter');
export type { DispatchInput, NewLetterInput } from './commands/letter-commands.ts';
export const letterApprovalQuery = lazy('letterApprovalQuery');
export {
  clearFormDraft,
  getFormDraft,
  saveFormDraft,
  sendFormName,
  storedFormDraft,
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
export { REVOKED, unlessRevoked } from './session/unless-revoked.ts';
export {
  dismissRevokedNotice,
  revokedNotice,
  type RevokedNotice,
} from './session/revoked-notice.ts';
export const wipeRevokedAccounts = lazy('wipeRevokedAccounts');
export const wipeRevokedPerson = lazy('wipeRevokedPerson');

// Sync: what the device keeps about its exchanges with the server.
/** The sync engine's port to the device store (the engine loads at sign-in: sync-start.ts). */
export async function openSyncPort(
  db: PatravaliDb,
  now: () => number,
): Promise<ReturnType<Records['createSyncPort']>> {
  return (await records.load()).createSyncPort(db, now);
}
export const listQuarantine = lazy('listQuarantine');
// The quarantine list (in the shell) offers its own export; the rest of backup/ is lazy.
export const exportQuarantine = lazy('exportQuarantine');
export { quarantineExportJson, quarantineFileName } from './backup/quarantine-file.ts';
export { keepLogKey } from './sync/log-watch.ts';
export { districtKeyOf, keepSyncFallback, ownAddressMissed, syncFallback } from './sync/tiers.ts';
export const listPullProblems = lazy('listPullProblems');
export type { PullProblemItem } from './sync/pull-problems.ts';
export const recordSignatures = lazy('recordSignatures');
export type { RecordSignatures, SignatureStatus } from './sync/signature-status.ts';
