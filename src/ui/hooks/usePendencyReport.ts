import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { ReviewReach, ReviewReport } from '@domain/review.ts';
import type { PendencyQuery } from '@protocol/reports.ts';
import {
  correctedClock,
  deviceReview,
  loadReport,
  type ReportOutcome,
} from '@storage/review/index.ts';
import { useEnv } from './useEnv.ts';
import { useSignedIn } from './useSignedIn.ts';

/**
 * The pendency report the page shows. The district view comes from the
 * server (cached per person, so it opens offline "as of" its time); desk and
 * office views are computed from this device's own records on the corrected
 * clock, live as records change, so a tehsil reviews with no network at all.
 */

export type ReportSource =
  /** Fresh from the server. */
  | 'server'
  /** The server could not be reached: the last copy this person fetched. */
  | 'offlineCopy'
  /** Computed on this device from its own records. */
  | 'device';

export type PendencyView =
  | { readonly status: 'loading' }
  /** District view, offline, and never fetched on this device by this person. */
  | { readonly status: 'noCopy' }
  | {
      readonly status: 'ready';
      readonly report: ReviewReport;
      readonly source: ReportSource;
      /** When the counts were computed (server time, or the corrected device clock). */
      readonly asOf: number;
      /** False when a device view ran on an uncorrected device clock. */
      readonly clockVerified: boolean;
    };

export interface PendencyReport {
  readonly view: PendencyView;
  /** Fetches the district report again (device views are live and need no refresh). */
  refresh(): void;
}

const LOADING: PendencyView = { status: 'loading' };

function useServerReview(enabled: boolean, query: PendencyQuery, attempt: number): PendencyView {
  const { db, api, now } = useEnv();
  const { session } = useSignedIn();
  const [loaded, setLoaded] = useState<{ query: PendencyQuery; view: PendencyView } | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const { token, person } = session;
    // An offline sign-in has no token: go straight to the cached copy.
    const fetchReport = () =>
      token === ''
        ? Promise.reject(new Error('offline session'))
        : api.pendencyReport(token, query);
    void loadReport(db, person.id, query, fetchReport, now).then((outcome) => {
      if (live) setLoaded({ query, view: viewOf(outcome) });
    });
    return () => {
      live = false;
    };
  }, [enabled, query, attempt, db, api, now, session]);
  // A refresh keeps showing the last answer for this query until the new one arrives.
  return loaded !== null && loaded.query === query ? loaded.view : LOADING;
}

function viewOf(outcome: ReportOutcome): PendencyView {
  const cached = outcome.report;
  if (cached === null) return { status: 'noCopy' };
  return {
    status: 'ready',
    report: cached.response.report,
    source: outcome.source === 'server' ? 'server' : 'offlineCopy',
    asOf: cached.response.asOf,
    clockVerified: true,
  };
}

function useDeviceReview(reach: ReviewReach | null, query: PendencyQuery): PendencyView {
  const { db, now } = useEnv();
  const { directory, person } = useSignedIn().deviceContext;
  const viewer = person.id;
  const view = useLiveQuery(async (): Promise<PendencyView> => {
    if (reach === null) return LOADING;
    const clock = await correctedClock(db, now());
    const report = await deviceReview(db, { directory, reach, query, now: clock.now, viewer });
    return {
      status: 'ready',
      report,
      source: 'device',
      asOf: clock.now,
      clockVerified: clock.verified,
    };
  }, [db, now, directory, reach, query]);
  return view ?? LOADING;
}

/** The report for `reach` under `query`: from the server for the district, else from the device. */
/** `query` must keep its identity while unchanged (the page memoises it). */
export function usePendencyReport(reach: ReviewReach, query: PendencyQuery): PendencyReport {
  const [attempt, setAttempt] = useState(0);
  const district = reach.kind === 'district';
  const server = useServerReview(district, query, attempt);
  const device = useDeviceReview(district ? null : reach, query);
  return { view: district ? server : device, refresh: () => setAttempt((n) => n + 1) };
}
