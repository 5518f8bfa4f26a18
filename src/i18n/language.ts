import { DEFAULT_LANG, isLang, type Lang } from './translate.ts';

/**
 * Which language to show. Stored: the chosen language under STORAGE_KEY in
 * the key-value store passed in (localStorage in the app) — a UI preference,
 * not office data. `?lang=en|hi` in the URL wins and is remembered.
 */
export const LANG_STORAGE_KEY = 'patravali.lang';

/** The subset of Storage this module needs, so tests can pass a Map-backed fake. */
export interface PreferenceStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function langFromSearch(search: string): Lang | null {
  const value = new URLSearchParams(search).get('lang');
  return isLang(value) ? value : null;
}

/** Picks the language on load: URL, then the remembered choice, then Hindi. Remembers a URL choice. */
export function chooseInitialLang(search: string, prefs: PreferenceStore | null): Lang {
  const fromUrl = langFromSearch(search);
  if (fromUrl) {
    rememberLang(prefs, fromUrl);
    return fromUrl;
  }
  const stored = safeGet(prefs);
  return isLang(stored) ? stored : DEFAULT_LANG;
}

export function rememberLang(prefs: PreferenceStore | null, lang: Lang): void {
  try {
    prefs?.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // Private mode or quota: the choice simply is not remembered.
  }
}

function safeGet(prefs: PreferenceStore | null): string | null {
  try {
    return prefs?.getItem(LANG_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}
