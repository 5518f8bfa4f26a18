import type { Translator } from '@i18n/translate.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Time spent at a desk in its largest whole unit: days, else hours, else minutes. */
export function formatDuration(ms: number, { t }: Pick<Translator, 't'>): string {
  const safe = Math.max(0, ms);
  if (safe >= DAY) return t('duration.days', { count: Math.floor(safe / DAY) });
  if (safe >= HOUR) return t('duration.hours', { count: Math.floor(safe / HOUR) });
  return t('duration.minutes', { count: Math.floor(safe / MINUTE) });
}
