import { useCallback, useState } from 'react';
import {
  BACKUP_MIME,
  BackupError,
  backupFileName,
  exportBackup,
  importBackup,
  readBackupHeader,
  type BackupErrorCode,
  type BackupHeader,
  type ImportSummary,
} from '@storage/backup/index.ts';
import { useEnv } from './useEnv.ts';
import { useSignedIn } from './useSignedIn.ts';

/** Where the import stands; each step shows something different on the page. */
export type ImportState =
  | { readonly step: 'idle' }
  | { readonly step: 'reading' }
  | { readonly step: 'preview'; readonly header: BackupHeader; readonly bytes: Uint8Array }
  | { readonly step: 'importing' }
  | { readonly step: 'done'; readonly summary: ImportSummary }
  | {
      readonly step: 'failed';
      readonly code: BackupErrorCode | 'unknown';
      readonly detail: string;
    };

export type ExportState =
  | { readonly step: 'idle' }
  | { readonly step: 'exporting' }
  | { readonly step: 'done'; readonly fileName: string }
  | { readonly step: 'failed'; readonly detail: string };

export interface Backup {
  readonly canExport: boolean;
  readonly exportState: ExportState;
  readonly importState: ImportState;
  exportNow(): Promise<void>;
  /** Reads and verifies a chosen file; nothing is written until `confirmImport`. */
  chooseFile(file: Blob): Promise<void>;
  confirmImport(): Promise<void>;
  cancelImport(): void;
}

/** Export and import of the whole-device backup (src/storage/backup/backup.ts) for the settings page. */
export function useBackup(): Backup {
  const { db, now, saveFile, appVersion = 'dev' } = useEnv();
  const person = useSignedIn().deviceContext.person.id;
  const [exportState, setExportState] = useState<ExportState>({ step: 'idle' });
  const [importState, setImportState] = useState<ImportState>({ step: 'idle' });

  const exportNow = useCallback(async () => {
    if (!saveFile) return;
    setExportState({ step: 'exporting' });
    try {
      const at = now();
      // Only the signed-in person's drafts leave the tablet in the file.
      const bytes = await exportBackup(db, { now: at, appVersion, person });
      const fileName = backupFileName(at);
      saveFile(fileName, bytes, BACKUP_MIME);
      setExportState({ step: 'done', fileName });
    } catch (e) {
      setExportState({ step: 'failed', detail: messageOf(e) });
    }
  }, [db, now, saveFile, appVersion, person]);

  const chooseFile = useCallback(async (file: Blob) => {
    setImportState({ step: 'reading' });
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      setImportState({ step: 'preview', header: await readBackupHeader(bytes), bytes });
    } catch (e) {
      setImportState(failure(e));
    }
  }, []);

  const confirmImport = useCallback(async () => {
    if (importState.step !== 'preview') return;
    const { bytes } = importState;
    setImportState({ step: 'importing' });
    try {
      setImportState({ step: 'done', summary: await importBackup(db, bytes) });
    } catch (e) {
      setImportState(failure(e));
    }
  }, [db, importState]);

  const cancelImport = useCallback(() => setImportState({ step: 'idle' }), []);

  return {
    canExport: saveFile !== undefined,
    exportState,
    importState,
    exportNow,
    chooseFile,
    confirmImport,
    cancelImport,
  };
}

function failure(e: unknown): ImportState {
  return e instanceof BackupError
    ? { step: 'failed', code: e.code, detail: e.message }
    : { step: 'failed', code: 'unknown', detail: messageOf(e) };
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
