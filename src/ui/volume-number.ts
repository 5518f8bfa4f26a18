import { toRoman } from '@domain/roman.ts';
import type { Translator } from '@i18n/translate.ts';

/**
 * A file's number as shown (volumes.ts): the number itself while the file is in
 * its first volume, then with the volume being written, `… (Vol. II)`, in
 * Roman numerals as CSMOP writes volumes. The record's number stays the same.
 */
export function numberShown(t: Translator['t'], number: string, volume: number): string {
  return volume > 1 ? t('volume.number', { number, volume: volumeName(volume) }) : number;
}

/** A volume as offices write it: II, not 2. */
export const volumeName = (volume: number): string => toRoman(volume);
