import { useSyncExternalStore } from 'react';
import type { UpdateStore } from '@pwa/update-store.ts';
import { useI18n } from '../hooks/useI18n.ts';

/**
 * "A new version is ready — Update", shown only while one waits. Nothing
 * reloads until the person taps; while the update is applied the page is
 * covered, so no one types into a tab that is about to reload.
 */
export function UpdatePrompt({ updates }: { readonly updates: UpdateStore }) {
  const { t } = useI18n();
  const phase = useSyncExternalStore(updates.subscribe, updates.getSnapshot, updates.getSnapshot);
  if (phase === 'current') return null;
  if (phase === 'applying')
    return (
      <div className="update-overlay" role="alert" aria-busy="true">
        <p>{t('update.applying')}</p>
      </div>
    );
  const message =
    phase === 'failed'
      ? t('update.saveFailed')
      : phase === 'activatedElsewhere'
        ? t('update.activatedElsewhere')
        : t('version.updateReady');
  return (
    <div className="update-prompt" role="alert">
      {/* One paragraph: as two items beside the button they were two narrow columns. */}
      <p>
        {message} <span className="hint">{t('update.draftsKept')}</span>
      </p>
      <button type="button" className="primary" onClick={() => void updates.apply()}>
        {t('version.reload')}
      </button>
    </div>
  );
}
