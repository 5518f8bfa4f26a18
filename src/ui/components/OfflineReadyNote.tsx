import { useSyncExternalStore } from 'react';
import type { OfflineReadyStore } from '@pwa/offline-ready.ts';
import { useI18n } from '../hooks/useI18n.ts';

/**
 * On a tablet's first visit: "Preparing this tablet to work offline…" while the
 * app is stored, then "Ready to work offline" until the person taps OK.
 */
export function OfflineReadyNote({ offline }: { readonly offline: OfflineReadyStore }) {
  const { t } = useI18n();
  const phase = useSyncExternalStore(offline.subscribe, offline.getSnapshot, offline.getSnapshot);
  if (phase === 'ready') return null;
  return (
    <div className="offline-ready" role="status">
      {phase === 'preparing' ? (
        <>
          <span>{t('offline.preparing')}</span>
          {/* The OK button's room, kept while preparing: the note does not grow when it
              turns to "Ready", moving the page under a finger about to tap a file. */}
          <button type="button" tabIndex={-1} aria-hidden="true" style={{ visibility: 'hidden' }}>
            {t('offline.dismiss')}
          </button>
        </>
      ) : (
        <>
          <span>{t('offline.ready')}</span>
          <button type="button" onClick={offline.dismiss}>
            {t('offline.dismiss')}
          </button>
        </>
      )}
    </div>
  );
}
