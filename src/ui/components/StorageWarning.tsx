import { useEnv } from '../hooks/useEnv.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useStorageHealth } from '../hooks/useStorageHealth.ts';
import { useSyncStatus } from '../hooks/useSyncStatus.ts';

/**
 * Warns above every page when this device's data is at risk (DESIGN.md §4):
 * space running low, or storage the browser may evict while the tablet holds
 * work not yet synced. Eviction of synced records loses nothing (they come
 * back from the server), so the not-persistent line waits until there is
 * unsynced work; a new tablet, which Chrome has not yet granted persistence,
 * is not greeted with it on every page. Settings shows the state always.
 */
export function StorageWarning() {
  const { t } = useI18n();
  const health = useStorageHealth();
  const { pending } = useSyncStatus(useEnv().syncStatus);
  const evictable = health?.notPersistentWarning === true && pending > 0;
  if (!health || (!evictable && !health.lowSpace)) return null;
  return (
    <div className="storage-warning" role="note">
      {evictable && <p>{t('storage.notPersistent')}</p>}
      {health.lowSpace && <p>{t('storage.lowSpace')}</p>}
    </div>
  );
}
