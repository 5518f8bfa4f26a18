/**
 * Calendar dates in Indian Standard Time (UTC+05:30, no daylight saving), so
 * "today", the year on a file number and due dates mean the same on every
 * device and on the server whatever its time zone.
 */

const IST_OFFSET_MS = (5 * 60 + 30) * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

/** `YYYY-MM-DD` of an instant, in IST. */
export function istDate(ms: number): string {
  return new Date(ms + IST_OFFSET_MS).toISOString().slice(0, 10);
}

/** Calendar year of an instant, in IST. */
export function istYear(ms: number): number {
  return new Date(ms + IST_OFFSET_MS).getUTCFullYear();
}
