/**
 * The UI's way into storage/backup/: files a person takes off the tablet.
 * A façade of its own (src/ui may not import deeper; eslint.config.mjs), so that a
 * lazily loaded page that uses it does not pull this code into the first download.
 */
export {
  BACKUP_EXTENSION,
  BACKUP_MIME,
  BackupError,
  backupFileName,
  type BackupErrorCode,
  type BackupHeader,
} from './backup-format.ts';
export { exportBackup, importBackup, readBackupHeader, type ImportSummary } from './backup.ts';
export { exportRecord } from './export-file.ts';
