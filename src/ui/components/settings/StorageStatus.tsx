import type { Persistence } from '@storage/services.ts';
import type { MessageKey } from '@i18n/hi.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { useStorageReport } from '../../hooks/useStorageReport.ts';
import { formatBytes } from './format-bytes.ts';

const PERSISTENCE: Readonly<Record<string, MessageKey>> = {
  true: 'settings.persistentYes',
  false: 'settings.persistentNo',
  unknown: 'settings.persistentUnknown',
};

/** Whether the browser keeps this device's data, how much is used and left, with clear warnings. */
export function StorageStatus() {
  const { t, locale } = useI18n();
  const { health, available, askPersistence } = useStorageReport();
  const size = (bytes: number | null) =>
    bytes === null ? t('settings.unknownSize') : formatBytes(bytes, locale);

  return (
    <section aria-labelledby="settings-storage" className="settings-card">
      <h2 id="settings-storage">{t('settings.storageHeading')}</h2>
      {!health ? (
        <p>{available ? t('settings.checking') : t('settings.persistentUnknown')}</p>
      ) : (
        <>
          {health.notPersistentWarning && (
            <p className="warning" role="alert">
              {t('storage.notPersistent')}
            </p>
          )}
          {health.lowSpace && (
            <p className="warning" role="alert">
              {t('storage.lowSpace')}
            </p>
          )}
          <dl className="facts">
            <dt>{t('settings.persistence')}</dt>
            <dd>{t(persistenceKey(health.persistent))}</dd>
            <dt>{t('settings.used')}</dt>
            <dd>{size(health.usage)}</dd>
            <dt>{t('settings.available')}</dt>
            <dd>{size(health.available)}</dd>
            <dt>{t('settings.quota')}</dt>
            <dd>{size(health.quota)}</dd>
          </dl>
          {health.persistent !== true && (
            <button type="button" onClick={() => void askPersistence()}>
              {t('settings.askPersist')}
            </button>
          )}
        </>
      )}
    </section>
  );
}

function persistenceKey(p: Persistence): MessageKey {
  return PERSISTENCE[String(p)] ?? 'settings.persistentUnknown';
}
