import { exportQuarantine, quarantineExportJson, quarantineFileName } from '@storage/services.ts';
import { useEnv } from '../../hooks/useEnv.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { useQuarantine } from '../../hooks/useQuarantine.ts';
import { useSignedIn } from '../../hooks/useSignedIn.ts';
import { QuarantineRow } from '../QuarantineList.tsx';

/** How many changes the server refused, and the help-desk file of them (src/storage/backup/quarantine-export.ts). */
export function QuarantineSummary() {
  const { t } = useI18n();
  const { db, now, download, appVersion } = useEnv();
  const me = useSignedIn().deviceContext.person.id;
  const items = useQuarantine(me);
  const count = items?.length ?? 0;

  async function downloadAll() {
    const at = now();
    const version = appVersion ? { appVersion } : {};
    const doc = await exportQuarantine(db, { now: at, viewer: me, ...version });
    download?.(quarantineFileName(at), quarantineExportJson(doc));
  }

  return (
    <section aria-labelledby="settings-quarantine" className="settings-card">
      <h2 id="settings-quarantine">{t('settings.quarantineHeading')}</h2>
      <p>{count === 0 ? t('settings.quarantineNone') : t('settings.quarantineCount', { count })}</p>
      {items !== undefined && count > 0 && (
        <ul className="quarantine-items">
          {items.map((item) => (
            <QuarantineRow key={item.id} item={item} />
          ))}
        </ul>
      )}
      {count > 0 && download && (
        <button type="button" onClick={() => void downloadAll()}>
          {t('settings.quarantineDownload')}
        </button>
      )}
    </section>
  );
}
