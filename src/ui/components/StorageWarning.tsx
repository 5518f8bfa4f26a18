import { useI18n } from '../hooks/useI18n.ts';
import { useStorageHealth } from '../hooks/useStorageHealth.ts';

/** Warns when the browser may evict this device's data or space runs low (DESIGN.md §4). */
export function StorageWarning() {
  const { t } = useI18n();
  const health = useStorageHealth();
  if (!health || (!health.notPersistentWarning && !health.lowSpace)) return null;
  return (
    <div className="storage-warning" role="note">
      {health.notPersistentWarning && <p>{t('storage.notPersistent')}</p>}
      {health.lowSpace && <p>{t('storage.lowSpace')}</p>}
    </div>
  );
}
