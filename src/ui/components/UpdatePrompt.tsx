import { useSyncExternalStore } from 'react';
import type { UpdateStore } from '@pwa/update-store.ts';
import { useI18n } from '../hooks/useI18n.ts';

/** "A new version is ready — Update", shown only while one waits. */
export function UpdatePrompt({ updates }: { readonly updates: UpdateStore }) {
  const { t } = useI18n();
  const waiting = useSyncExternalStore(updates.subscribe, updates.getSnapshot, updates.getSnapshot);
  if (!waiting) return null;
  return (
    <div className="update-prompt" role="alert">
      <span>{t('version.updateReady')}</span>
      <button type="button" className="primary" onClick={() => void updates.apply()}>
        {t('version.reload')}
      </button>
    </div>
  );
}
