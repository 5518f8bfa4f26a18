import { useI18n } from '../hooks/useI18n.ts';
import { useSignInAgainNotice } from '../hooks/useSignInAgainNotice.ts';

/**
 * Says on the sign-in page why an older build's session was ended
 * (src/storage/session/session-upgrade.ts) and that the person's work is kept; a sign-in ends it.
 */
export function SignInAgainNotice() {
  const { t, lang } = useI18n();
  const notice = useSignInAgainNotice();
  if (!notice) return null;
  return (
    <div role="status" aria-label={t('signInAgain.label')} className="sign-in-notice">
      <p>{t(`signInAgain.${notice.missing}`, { name: notice.person.name[lang] })}</p>
      <p>{t('signInAgain.kept')}</p>
    </div>
  );
}
