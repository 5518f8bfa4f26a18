import { useI18n } from '../hooks/useI18n.ts';

/** One tap switches Hindi ⇄ English; the choice is remembered. */
export function LanguageToggle() {
  const { lang, setLang, t } = useI18n();
  const other = lang === 'hi' ? 'en' : 'hi';
  return (
    <button
      type="button"
      className="lang-toggle"
      lang={other}
      aria-label={t('lang.switchLabel')}
      onClick={() => setLang(other)}
    >
      {t('lang.switch')}
    </button>
  );
}
