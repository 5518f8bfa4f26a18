import { useId } from 'react';
import { BACKUP_EXTENSION } from '@storage/backup/index.ts';
import type { MessageKey } from '@i18n/hi.ts';
import type { I18n } from '../../app-context.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import type { Backup, ImportState } from '../../hooks/useBackup.ts';

/** "Import backup": choose a file, see what it holds, confirm, see what changed. */
export function BackupImport({ backup }: { readonly backup: Backup }) {
  const { t } = useI18n();
  const id = useId();
  const state = backup.importState;
  const busy = state.step === 'reading' || state.step === 'importing';

  return (
    <div className="backup-import">
      <label htmlFor={id}>{t('backup.import')}</label>
      <input
        id={id}
        type="file"
        accept={BACKUP_EXTENSION}
        disabled={busy}
        onChange={(e) => {
          const file = e.target.files?.[0];
          // Cleared so that choosing the same file again (a retry) is seen as a change.
          e.target.value = '';
          if (file) void backup.chooseFile(file);
        }}
      />
      <div aria-live="polite">
        <ImportStatus state={state} />
      </div>
      {state.step === 'preview' && (
        <div className="row">
          <button type="button" className="primary" onClick={() => void backup.confirmImport()}>
            {t('backup.confirm')}
          </button>
          <button type="button" onClick={backup.cancelImport}>
            {t('backup.cancel')}
          </button>
        </div>
      )}
    </div>
  );
}

/** Each count in its own plural form, for the preview and the summary lines. */
function counted(
  { t }: I18n,
  c: { records: number; drafts: number; outbox: number; quarantine: number; settings: number },
) {
  return {
    records: t('backup.count.records', { count: c.records }),
    recordsUpdated: t('backup.count.recordsUpdated', { count: c.records }),
    drafts: t('backup.count.drafts', { count: c.drafts }),
    outbox: t('backup.count.outbox', { count: c.outbox }),
    quarantine: t('backup.count.quarantine', { count: c.quarantine }),
    settings: t('backup.count.settings', { count: c.settings }),
  };
}

function ImportStatus({ state }: { readonly state: ImportState }) {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  switch (state.step) {
    case 'idle':
      return null;
    case 'reading':
      return <p>{t('backup.reading')}</p>;
    case 'importing':
      return <p>{t('backup.importing')}</p>;
    case 'preview': {
      const { header } = state;
      return (
        <p className="backup-preview">
          {t('backup.preview', {
            date: formatDateTime(header.createdAt),
            version: header.appVersion,
            ...counted(i18n, header.counts),
          })}
        </p>
      );
    }
    case 'done': {
      const s = state.summary;
      const nothing = Object.values(s).every((n) => n === 0);
      return (
        <p className="ok">
          {nothing ? t('backup.nothingNew') : t('backup.imported', counted(i18n, s))}
        </p>
      );
    }
    case 'failed':
      return (
        <p className="error" role="alert">
          {state.code === 'unknown'
            ? t('backup.error.unknown', { detail: state.detail })
            : t(errorKey(state.code))}
        </p>
      );
  }
}

function errorKey(
  code: Exclude<Extract<ImportState, { step: 'failed' }>['code'], 'unknown'>,
): MessageKey {
  return `backup.error.${code}`;
}
