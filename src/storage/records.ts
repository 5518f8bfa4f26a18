/**
 * The half of services.ts that reads and changes records' Yjs documents: the
 * commands, the queries that fold a record, the sync port and what decodes
 * refused or pulled changes. The app shell does not import it: services.ts
 * loads it on first use (the sign-in form and an empty inbox need none of it),
 * and the service worker's install stores its chunks with the shell's. Only
 * services.ts imports this module.
 */

export { loadRecordDoc } from './db/record-store.ts';
export {
  diarisedLetterKeys,
  officeFileStatesQuery,
  recordStateQuery,
  recordStatesQuery,
} from './db/record-queries.ts';
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
export { changeRecordGrade, grantRecordAccess } from './commands/grade-commands.ts';
export { linkFiles, unlinkFiles, unlinkFromLinkedFile } from './commands/link-commands.ts';
export { changeRecipientGroup, saveRecipientGroup } from './commands/group-commands.ts';
export { closeFileVolume } from './commands/volume-commands.ts';
export { attachFileUnder, detachFile } from './commands/attach-files.ts';
export { dismissConflict, resubmitIntoDraft } from './commands/conflict-commands.ts';
export {
  approveLetter,
  dispatchLetter,
  draftLetter,
  reviseLetter,
} from './commands/letter-commands.ts';
export { letterApprovalQuery } from './letters/letter-approval.ts';
export { wipeRevokedAccounts, wipeRevokedPerson } from './session/revoked-access.ts';
export { createSyncPort, listQuarantine } from './sync/sync-store.ts';
export { exportQuarantine } from './backup/quarantine-export.ts';
export { listPullProblems } from './sync/pull-problems.ts';
export { recordSignatures } from './sync/signature-status.ts';
