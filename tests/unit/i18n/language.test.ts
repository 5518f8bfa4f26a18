import { describe, expect, it } from 'vitest';
import { chooseInitialLang, LANG_STORAGE_KEY, type PreferenceStore } from '@i18n/language.ts';

function memoryPrefs(
  initial: Record<string, string> = {},
): PreferenceStore & { map: Map<string, string> } {
  const map = new Map(Object.entries(initial));
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) };
}

describe('language choice', () => {
  it('defaults to Hindi', () => {
    expect(chooseInitialLang('', memoryPrefs())).toBe('hi');
  });
  it('takes ?lang= from the URL and remembers it', () => {
    const prefs = memoryPrefs();
    expect(chooseInitialLang('?lang=en', prefs)).toBe('en');
    expect(prefs.map.get(LANG_STORAGE_KEY)).toBe('en');
    expect(chooseInitialLang('', prefs)).toBe('en');
  });
  it('lets the URL override a remembered choice', () => {
    const prefs = memoryPrefs({ [LANG_STORAGE_KEY]: 'en' });
    expect(chooseInitialLang('?x=1&lang=hi', prefs)).toBe('hi');
    expect(prefs.map.get(LANG_STORAGE_KEY)).toBe('hi');
  });
  it('ignores unknown languages', () => {
    expect(chooseInitialLang('?lang=fr', memoryPrefs({ [LANG_STORAGE_KEY]: 'de' }))).toBe('hi');
  });
});
