/**
 * Bytes one person may send the server in a day, all their tablets together:
 * sync request bodies as received, and the declared size of each scan upload
 * when it is created. An office's day is a few megabytes of notings and some
 * hundred scans; a person past the allowance is flooding the server (issue 15:
 * 150 notings of 19,500 characters that every tablet must then download).
 * The day is India's (UTC+5:30, no daylight saving), so it ends at midnight
 * where the offices are. In memory: a restart forgives.
 */

export interface PersonBytes {
  /**
   * Counts `bytes` against `person`'s day while the day's allowance is not used
   * up: null when allowed, else the ms until the day ends (nothing is counted
   * then). The request that crosses the line still goes through, so a person is
   * never refused half-way through a day's last batch; everything after waits.
   */
  charge(person: string, bytes: number, now: number): number | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** India Standard Time is UTC+5:30 all year. */
const IST_OFFSET_MS = 5.5 * 60 * 60 * 1000;
/** People remembered at most; older days are forgotten first. */
const MAX_PEOPLE = 100_000;

/** The office day `now` falls in, and when it ends (ms). */
export function officeDay(now: number): { day: number; endsAt: number } {
  const day = Math.floor((now + IST_OFFSET_MS) / DAY_MS);
  return { day, endsAt: (day + 1) * DAY_MS - IST_OFFSET_MS };
}

/** `perDay` 0 turns the limit off. */
export function createPersonBytes(perDay: number): PersonBytes {
  if (perDay <= 0) return { charge: () => null };
  const used = new Map<string, { day: number; bytes: number }>();
  const forgetOldDays = (today: number): void => {
    for (const [person, u] of used) if (u.day !== today) used.delete(person);
    // Still full today: forget the earliest (a forgotten person starts the day afresh).
    for (const person of used.keys()) {
      if (used.size < MAX_PEOPLE) break;
      used.delete(person);
    }
  };
  return {
    charge(person, bytes, now) {
      const { day, endsAt } = officeDay(now);
      let u = used.get(person);
      if (u === undefined || u.day !== day) {
        if (u === undefined && used.size >= MAX_PEOPLE) forgetOldDays(day);
        u = { day, bytes: 0 };
        used.set(person, u);
      }
      if (u.bytes >= perDay) return endsAt - now;
      u.bytes += bytes;
      return null;
    },
  };
}
