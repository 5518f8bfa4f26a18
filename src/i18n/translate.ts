import { hi, type Message, type MessageKey } from './hi.ts';

/** The two languages of the app; Hindi is the default (DESIGN.md §8). */
export const LANGS = ['hi', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'hi';

export const LOCALES: Readonly<Record<Lang, string>> = { hi: 'hi-IN', en: 'en-IN' };

type Catalog = Readonly<Record<MessageKey, Message>>;

/**
 * The catalogs at hand. Hindi, the default, comes with the app shell; English is
 * its own chunk (precached with the shell), loaded before anything is shown in it
 * (loadCatalog; I18nProvider waits for it), so a Hindi reader never downloads it
 * and an English one never sees Hindi text first.
 */
const CATALOGS: Partial<Record<Lang, Catalog>> = { hi };

/** Whether createTranslator(lang) can be called now. */
export function catalogLoaded(lang: Lang): boolean {
  return CATALOGS[lang] !== undefined;
}

/** Loads `lang`'s catalog (once); afterwards createTranslator(lang) works. */
export async function loadCatalog(lang: Lang): Promise<void> {
  if (catalogLoaded(lang)) return;
  CATALOGS[lang] = (await import('./en.ts')).en;
}

export type Params = Readonly<Record<string, string | number>>;

export interface Translator {
  readonly lang: Lang;
  readonly locale: string;
  /** The message for `key`, with `{param}` filled in; numbers are formatted for the locale. */
  t(key: MessageKey, params?: Params): string;
  formatNumber(n: number): string;
  /** A calendar date from ms since epoch, e.g. 24 Nov 2026 / 24 नव॰ 2026. */
  formatDate(ms: number): string;
  formatDateTime(ms: number): string;
  /** A `YYYY-MM-DD` calendar date (as stored in events), shown without time-zone drift. */
  formatIsoDate(isoDate: string): string;
}

export function isLang(value: unknown): value is Lang {
  return value === 'hi' || value === 'en';
}

/** Options let tests pin the time zone; the app uses the device's. The catalog must be loaded. */
export function createTranslator(lang: Lang, options: { timeZone?: string } = {}): Translator {
  const locale = LOCALES[lang];
  const catalog = CATALOGS[lang];
  if (catalog === undefined) throw new Error(`The ${lang} catalog is not loaded (loadCatalog)`);
  const numbers = new Intl.NumberFormat(locale);
  const plurals = new Intl.PluralRules(locale);
  const tz = options.timeZone === undefined ? {} : { timeZone: options.timeZone };
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', ...tz });
  const dateTimes = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    // hi-IN would write the Latin "am"/"pm" into Hindi text; the 24-hour clock reads
    // the same in both scripts and is how offices write times on paper.
    ...(lang === 'hi' ? { hourCycle: 'h23' as const } : {}),
    ...tz,
  });
  const isoDates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });

  const t = (key: MessageKey, params: Params = {}): string => {
    const template = pickForm(catalog[key], params['count'], plurals);
    return interpolate(template, params, numbers);
  };
  return {
    lang,
    locale,
    t,
    formatNumber: (n) => numbers.format(n),
    formatDate: (ms) => dates.format(ms),
    formatDateTime: (ms) => dateTimes.format(ms),
    formatIsoDate: (iso) => {
      const ms = Date.parse(`${iso}T00:00:00Z`);
      return Number.isNaN(ms) ? iso : isoDates.format(ms);
    },
  };
}

function pickForm(message: Message, count: unknown, plurals: Intl.PluralRules): string {
  if (typeof message === 'string') return message;
  // Languages here only need one/other; other categories fall back to `other`.
  return typeof count === 'number' && plurals.select(count) === 'one' ? message.one : message.other;
}

function interpolate(template: string, params: Params, numbers: Intl.NumberFormat): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? numbers.format(value) : value;
  });
}
