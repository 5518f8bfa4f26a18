import { useI18n } from '../hooks/useI18n.ts';
import { useEnv } from '../hooks/useEnv.ts';
import { useBackup } from '../hooks/useBackup.ts';
import { StorageStatus } from '../components/settings/StorageStatus.tsx';
import { BackupExport } from '../components/settings/BackupExport.tsx';
import { BackupImport } from '../components/settings/BackupImport.tsx';
import { QuarantineSummary } from '../components/settings/QuarantineSummary.tsx';
import { ScanBudget } from '../components/scans/ScanBudget.tsx';

/** Settings and storage: is the data safe here, how much room is left, backup, refused changes. */
export function SettingsPage() {
  const { t } = useI18n();
  const { appVersion } = useEnv();
  const backup = useBackup();
  return (
    <div className="settings">
      <h1>{t('settings.title')}</h1>
      <StorageStatus />
      <section aria-labelledby="settings-backup" className="settings-card">
        <h2 id="settings-backup">{t('backup.heading')}</h2>
        <p>{t('backup.intro')}</p>
        <p className="hint">{t('backup.privacy')}</p>
        <BackupExport backup={backup} />
        <BackupImport backup={backup} />
      </section>
      <QuarantineSummary />
      <ScanBudget />
      {appVersion && (
        <p className="hint">
          {t('settings.appVersion')}: {appVersion}
        </p>
      )}
    </div>
  );
}
