import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { chooseInitialLang, rememberLang, type PreferenceStore } from '@i18n/language.ts';
import {
  catalogLoaded,
  createTranslator,
  DEFAULT_LANG,
  loadCatalog,
  type Lang,
} from '@i18n/translate.ts';
import { I18nContext, type I18n } from './app-context.ts';

/** Where the catalogs come from: @i18n/translate.ts; a test may hold a load back. */
export interface CatalogSource {
  loaded(lang: Lang): boolean;
  load(lang: Lang): Promise<void>;
}

const CATALOGS: CatalogSource = { loaded: catalogLoaded, load: loadCatalog };

interface Props {
  readonly search: string;
  readonly prefs: PreferenceStore | null;
  readonly timeZone?: string;
  readonly catalogs?: CatalogSource;
  readonly children: ReactNode;
}

/**
 * Holds the chosen language; keeps <html lang> in step so screen readers and fonts follow.
 * Text is shown only in a language whose catalog is loaded (English is a chunk of its
 * own): at first nothing until it is, and a switch keeps the language on screen until
 * the new one's catalog has arrived. If it cannot arrive, the app opens in Hindi.
 */
export function I18nProvider({ search, prefs, timeZone, catalogs = CATALOGS, children }: Props) {
  const [lang, setLangState] = useState<Lang>(() => chooseInitialLang(search, prefs));
  /** A catalog that arrived after the first render, and one that could not. */
  const [arrived, setArrived] = useState<Lang | null>(null);
  const [failed, setFailed] = useState<Lang | null>(null);
  /** The language on screen, kept while the next one's catalog loads. */
  const [onScreen, setOnScreen] = useState<Lang | null>(null);
  const ready = arrived === lang || catalogs.loaded(lang);
  const shown = ready ? lang : (onScreen ?? (failed === lang ? DEFAULT_LANG : null));
  // Remembered as the render's own state (React's pattern for a value from the last render).
  if (shown !== null && shown !== onScreen) setOnScreen(shown);

  useEffect(() => {
    if (ready || failed === lang) return;
    let current = true;
    catalogs.load(lang).then(
      () => {
        if (current) setArrived(lang);
      },
      () => {
        // Not stored and no network: the language on screen stays, Hindi at first; the
        // next choice of a language tries again.
        if (current) setFailed(lang);
      },
    );
    return () => {
      current = false;
    };
  }, [catalogs, lang, ready, failed]);

  const value = useMemo<I18n | null>(() => {
    if (shown === null) return null;
    const translator = createTranslator(shown, timeZone === undefined ? {} : { timeZone });
    return {
      ...translator,
      setLang: (next) => {
        rememberLang(prefs, next);
        setFailed(null);
        setLangState(next);
      },
    };
  }, [shown, prefs, timeZone]);

  useEffect(() => {
    if (shown !== null) document.documentElement.lang = shown;
  }, [shown]);

  if (value === null) return null;
  return <I18nContext value={value}>{children}</I18nContext>;
}
