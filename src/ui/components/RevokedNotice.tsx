import { dismissRevokedNotice } from '@storage/services.ts';
import { useEnv } from '../hooks/useEnv.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useRevokedNotice } from '../hooks/useRevokedNotice.ts';

/**
 * Says on the sign-in page that the administrator revoked someone's access on
 * this device and that their data here was removed (src/storage/session/revoked-access.ts).
 */
export function RevokedNotice() {
  const { db } = useEnv();
  const { t, lang } = useI18n();
  const notice = useRevokedNotice();
  if (!notice) return null;
  return (
    <div role="alert" aria-label={t('revoked.label')} className="log-alarm">
      <strong>{t('revoked.label')}</strong>
      <p>{t('revoked.notice', { name: notice.person.name[lang] })}</p>
      <p>{t('revoked.ask')}</p>
      <button type="button" onClick={() => void dismissRevokedNotice(db)}>
        {t('revoked.dismiss')}
      </button>
    </div>
  );
}
