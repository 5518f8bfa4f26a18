import { useEffect } from 'react';
import { readReviewRowsAhead } from '@storage/services.ts';
import { DAILY_PAGES } from '../lazy-pages.ts';
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
