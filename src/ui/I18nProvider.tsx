import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { chooseInitialLang, rememberLang, type PreferenceStore } from '@i18n/language.ts';
import { createTranslator, type Lang } from '@i18n/translate.ts';
import { I18nContext, type I18n } from './app-context.ts';

interface Props {
  readonly search: string;
  readonly prefs: PreferenceStore | null;
  readonly timeZone?: string;
  readonly children: ReactNode;
}

/** Holds the chosen language; keeps <html lang> in step so screen readers and fonts follow. */
export function I18nProvider({ search, prefs, timeZone, children }: Props) {
  const [lang, setLangState] = useState<Lang>(() => chooseInitialLang(search, prefs));

  const value = useMemo<I18n>(() => {
    const translator = createTranslator(lang, timeZone === undefined ? {} : { timeZone });
    return {
      ...translator,
      setLang: (next) => {
        rememberLang(prefs, next);
        setLangState(next);
      },
    };
  }, [lang, prefs, timeZone]);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  return <I18nContext value={value}>{children}</I18nContext>;
}
