import { lazy, Suspense, useMemo, useState } from 'react';
import type { Directory, Office } from '@domain/directory.ts';
import {
  DEFAULT_TREND_WEEKS,
  drillDown,
  type ReviewFilter,
  type ReviewReach,
  type ReviewReport,
} from '@domain/review.ts';
import type { PendencyQuery } from '@protocol/reports.ts';
import { DrillDownList } from '../components/review/DrillDownList.tsx';
import { PendencyFilters } from '../components/review/PendencyFilters.tsx';
import { PendencyTable, type DrillTarget } from '../components/review/PendencyTable.tsx';
import { ReportSourceNote } from '../components/review/ReportSourceNote.tsx';
import { ReviewOutput } from '../components/review/ReviewOutput.tsx';
import { cellHeading } from '../components/review/review-cells.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useJoinProgress } from '../hooks/useJoinProgress.ts';
import { usePendencyReport, type PendencyView } from '../hooks/usePendencyReport.ts';
import { useRecordsOnDevice } from '../hooks/useRecordsOnDevice.ts';
import { useReviewReach } from '../hooks/useReviewReach.ts';
import { useReviewText } from '../hooks/useReviewText.ts';
import { useSignedIn } from '../hooks/useSignedIn.ts';
import '../components/review/pendency.css';

// Chart.js is fetched only when this page shows charts, never with the app shell.
const PendencyCharts = lazy(() =>
  import('../components/review/PendencyCharts.tsx').then((m) => ({ default: m.PendencyCharts })),
);

const REACH_KEYS = {
  desk: 'review.reachDesk',
  office: 'review.reachOffice',
  district: 'review.reachDistrict',
} as const;

/** Offices a person may filter by: all for the district, their own (and sub-offices) otherwise. */
function filterOffices(reach: ReviewReach, directory: Directory): readonly Office[] {
  if (reach.kind === 'district') return directory.offices;
  if (reach.kind === 'office') return directory.offices.filter((o) => reach.offices.includes(o.id));
  return [];
}

/**
 * The `Pendency` region: for the signed-in person's reach, pending files and
 * receipts per person and per office in age buckets, overdue and unverified
 * counts, filters, drill-down to the records, charts, print and CSV.
 */
export function PendencyPage() {
  const { t } = useI18n();
  const reach = useReviewReach();
  return (
    <section aria-label={t('pendency.title')} className="pendency">
      <h1>{t('pendency.title')}</h1>
      {reach === null ? <p>{t('review.noReach')}</p> : <Review reach={reach} />}
    </section>
  );
}

function Review({ reach }: { readonly reach: ReviewReach }) {
  const { t } = useI18n();
  const { directory } = useSignedIn().deviceContext;
  const [filter, setFilter] = useState<ReviewFilter>({});
  const query = useMemo((): PendencyQuery => ({ filter, weeks: DEFAULT_TREND_WEEKS }), [filter]);
  const { view, refresh } = usePendencyReport(reach, query);
  return (
    <>
      <div className="review-toolbar">
        <p className="reach">{t(REACH_KEYS[reach.kind])}</p>
        {reach.kind === 'district' && (
          <button type="button" onClick={refresh}>
            {t('review.refresh')}
          </button>
        )}
      </div>
      <PendencyFilters
        filter={filter}
        onChange={setFilter}
        offices={filterOffices(reach, directory)}
      />
      <ReviewBody view={view} />
    </>
  );
}

function ReviewBody({ view }: { readonly view: PendencyView }) {
  const { t } = useI18n();
  // A new tablet's device view counts only what has arrived so far (decision 0012); its
  // counts are not shown before the join is read, or they would look complete for a moment.
  const join = useJoinProgress();
  if (
    view.status === 'loading' ||
    (view.status === 'ready' && view.source === 'device' && join === undefined)
  )
    return <p>{t('app.loading')}</p>;
  if (view.status === 'noCopy') return <p role="alert">{t('review.noCopy')}</p>;
  return (
    <>
      <ReportSourceNote
        source={view.source}
        asOf={view.asOf}
        clockVerified={view.clockVerified}
        joining={join != null}
      />
      <ReviewOutput report={view.report} />
      <ReviewTables report={view.report} />
      {view.report.records.length > 0 && (
        <Suspense fallback={<p>{t('review.chartsLoading')}</p>}>
          <PendencyCharts report={view.report} />
        </Suspense>
      )}
    </>
  );
}

function ReviewTables({ report }: { readonly report: ReviewReport }) {
  const i18n = useI18n();
  const { names } = useReviewText();
  const [target, setTarget] = useState<DrillTarget | null>(null);
  const officeOfPerson = useMemo(
    () => new Map(report.records.map((r) => [r.holder, r.holderOffice] as const)),
    [report],
  );
  const drilled = useMemo(
    () => (target === null ? [] : drillDown(report.records, target.by, target.key, target.cell)),
    [report, target],
  );
  const ids = useMemo(() => drilled.map((r) => r.id), [drilled]);
  const onDevice = useRecordsOnDevice(ids);
  if (report.records.length === 0) return <p className="empty">{i18n.t('review.empty')}</p>;
  return (
    <>
      <PendencyTable
        by="office"
        caption={i18n.t('review.byOffice')}
        rows={report.byOffice}
        nameOf={names.office}
        selected={target}
        onDrill={setTarget}
      />
      <PendencyTable
        by="person"
        caption={i18n.t('review.byPerson')}
        rows={report.byPerson}
        nameOf={names.person}
        officeOf={(k) => {
          const office = officeOfPerson.get(k);
          return office ? names.office(office) : '—';
        }}
        selected={target}
        onDrill={setTarget}
      />
      {target !== null && (
        <DrillDownList
          title={i18n.t('review.drillTitle', {
            row: target.name,
            cell: cellHeading(i18n, target.cell),
          })}
          records={drilled}
          names={names}
          onDevice={onDevice}
          onClose={() => setTarget(null)}
        />
      )}
    </>
  );
}
