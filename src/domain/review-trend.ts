import { DAY_MS, istDate } from './calendar.ts';
import type { OfficeId, PersonId } from './ids.ts';
import type { ReviewSpan } from './projection.ts';

/**
 * Trend of pending counts over recent weeks, from each record's stays with
 * its holders (its projection row's spans): at each week end, a record counts
 * as pending with whoever held it then, unless it had been closed.
 */

/** What the trend reads of a record. */
export interface WithSpans {
  readonly spans: readonly ReviewSpan[];
}

export interface TrendPoint {
  /** The week end (ms), the last one being the report's `now`. */
  readonly at: number;
  /** `at` as an IST calendar date. */
  readonly date: string;
  readonly pending: number;
  /** Pending per holder's office at `at` (offices with none are absent). */
  readonly byOffice: Readonly<Record<string, number>>;
}

/** `weeks` instants, 7 days apart, oldest first, ending at `now`. */
export function weekEnds(now: number, weeks: number): number[] {
  const n = Math.max(0, Math.floor(weeks));
  return Array.from({ length: n }, (_, i) => now - (n - 1 - i) * 7 * DAY_MS);
}

/** Who held the record at `t` (null: not yet created, or closed by then). */
export function holderAt(item: WithSpans, t: number): PersonId | null {
  for (const span of item.spans) {
    if (span.since <= t && (span.until === null || t < span.until)) return span.holder;
  }
  return null;
}

export function pendingTrend(
  items: readonly WithSpans[],
  ends: readonly number[],
  officeOf: (person: PersonId) => OfficeId | undefined,
  visible: (holder: PersonId, office: OfficeId | undefined) => boolean,
): TrendPoint[] {
  return ends.map((at) => {
    const byOffice: Record<string, number> = {};
    let pending = 0;
    for (const item of items) {
      const holder = holderAt(item, at);
      if (holder === null) continue;
      const office = officeOf(holder);
      if (!visible(holder, office)) continue;
      pending += 1;
      if (office !== undefined) byOffice[office] = (byOffice[office] ?? 0) + 1;
    }
    return { at, date: istDate(at), pending, byOffice };
  });
}
