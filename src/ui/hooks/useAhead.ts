import { useEffect } from 'react';
import { readReviewRowsAhead } from '@storage/services.ts';
import { DAILY_PAGES, PendencyPage } from '../lazy-pages.ts';
import { useEnv } from './useEnv.ts';
import { useJoinProgress } from './useJoinProgress.ts';
import { useReviewReach } from './useReviewReach.ts';

/**
 * What the app does ahead of use, in idle moments a little after the start
 * (AppEnv.ahead; nothing when absent): it runs the daily pages' code, from
 * the service worker's cache, so their first opening is not held back by
 * loading it; and for a person whose review covers an office (tehsildar,
 * naib tehsildar, SDM) it reads the review's rows, so their first visit to
 * Pendency does not wait for every record to be read (review-rows.ts). Not
 * the rows while the tablet is still joining: the join writes most rows again.
 * For such a person the Pendency page's code runs at the first idle moment,
 * not a little after the start: on a 4× slowed tablet a visit right after the
 * start took 514–562 ms at 2,000 records, and 259–386 ms with it (the cold
 * start about 60 ms longer; docs/BENCHMARKS.md).
 */
export function useAhead(): void {
  const { db, ahead } = useEnv();
  const office = useReviewReach()?.kind === 'office';
  const joined = useJoinProgress() === null;

  useEffect(() => {
    if (ahead === undefined || !ahead.pages) return;
    let stopped = false;
    let cancel = (): void => undefined;
    const next = (i: number): void => {
      const page = DAILY_PAGES[i];
      if (stopped || page === undefined) return;
      cancel = ahead.whenIdle(() => {
        // A page that fails to load now loads (or says why) when opened.
        void page.preload().then(
          () => next(i + 1),
          () => next(i + 1),
        );
      });
    };
    const timer = setTimeout(() => next(0), ahead.afterMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
      cancel();
    };
  }, [ahead]);

  // An office review's Pendency is its first look of the day: its page's code runs at
  // the first idle moment after the start, not with the others, so a visit right after
  // the start is not held back by React's wait after the page's loading fallback.
  useEffect(() => {
    if (ahead === undefined || !ahead.pages || !office) return;
    return ahead.whenIdle(() => {
      // A page that fails to load now loads (or says why) when opened.
      PendencyPage.preload().catch(() => undefined);
    });
  }, [ahead, office]);

  useEffect(() => {
    if (ahead === undefined || !office || !joined) return;
    let stop = (): void => undefined;
    const timer = setTimeout(() => {
      stop = readReviewRowsAhead(db, ahead.whenIdle);
    }, ahead.afterMs);
    return () => {
      clearTimeout(timer);
      stop();
    };
  }, [ahead, db, office, joined]);
}
