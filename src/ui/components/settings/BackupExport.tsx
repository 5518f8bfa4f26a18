import { useI18n } from '../../hooks/useI18n.ts';
import type { Backup } from '../../hooks/useBackup.ts';

/** "Export backup": the whole device to one file, handed to the person as a download. */
export function BackupExport({ backup }: { readonly backup: Backup }) {
  const { t } = useI18n();
  const { exportState: state } = backup;
  if (!backup.canExport) return null;
  return (
    <div className="backup-export">
      <button
        type="button"
        className="primary"
        disabled={state.step === 'exporting'}
        onClick={() => void backup.exportNow()}
      >
        {t('backup.export')}
      </button>
      <p aria-live="polite" className="hint">
        {state.step === 'exporting' && t('backup.exporting')}
        {state.step === 'done' && t('backup.exported', { fileName: state.fileName })}
      </p>
      {state.step === 'failed' && (
        <p className="error" role="alert">
          {t('backup.error.unknown', { detail: state.detail })}
        </p>
      )}
    </div>
  );
}
