import { useEffect, useMemo, useRef } from 'react';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { AGE_BUCKETS } from '@domain/pendency.ts';
import type { ReviewReport } from '@domain/review.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { useReviewText } from '../../hooks/useReviewText.ts';

/**
 * Charts of the review: ageing by office (stacked bars) and the pending trend
 * over recent weeks (line). Loaded only on the Pendency page (React.lazy), so
 * Chart.js stays out of the app shell. The tables carry the same numbers; the
 * canvases are images with a text alternative.
 */

// Tree-shaken Chart.js: only the parts these two charts use. Chart.js keeps its
// registry globally; registering is idempotent, and happens once this chunk loads.
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Legend,
  Tooltip,
);

/** Oldest pendency in the darkest colour, so the eye goes there first. */
const BUCKET_COLOURS = ['#9ccc9c', '#f2c14e', '#e07b39', '#b3261e'] as const;
const FONT = { family: "'Noto Sans Devanagari', system-ui, sans-serif", size: 13 };

function useChart(config: ChartConfiguration) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    // No 2D context (very old browser, or jsdom): the tables remain the review.
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const chart = new Chart(context, config);
    return () => chart.destroy();
  }, [config]);
  return canvas;
}

function AgeingChart({ report }: { readonly report: ReviewReport }) {
  const { t } = useI18n();
  const { labels, names } = useReviewText();
  const config = useMemo(
    (): ChartConfiguration => ({
      type: 'bar',
      data: {
        labels: report.byOffice.map((r) => names.office(r.key)),
        datasets: AGE_BUCKETS.map((b, i) => ({
          label: labels.buckets[b],
          data: report.byOffice.map((r) => r.byAge[b]),
          backgroundColor: BUCKET_COLOURS[i] ?? '#888',
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { stacked: true, ticks: { font: FONT } },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0, font: FONT } },
        },
        plugins: { legend: { labels: { font: FONT } } },
      },
    }),
    [report, labels, names],
  );
  const ref = useChart(config);
  return (
    <figure className="chart">
      <figcaption>{t('review.chartAgeing')}</figcaption>
      <div className="chart-box">
        <canvas ref={ref} role="img" aria-label={t('review.chartAgeingAlt')} />
      </div>
    </figure>
  );
}

function TrendChart({ report }: { readonly report: ReviewReport }) {
  const { t } = useI18n();
  const { names } = useReviewText();
  const pendingNow = report.trend.at(-1)?.pending ?? 0;
  const config = useMemo(
    (): ChartConfiguration => ({
      type: 'line',
      data: {
        labels: report.trend.map((p) => names.date(p.date)),
        datasets: [
          {
            label: t('review.chartTrend'),
            data: report.trend.map((p) => p.pending),
            borderColor: '#7a3e00',
            backgroundColor: '#7a3e00',
          },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { ticks: { font: FONT } },
          y: { beginAtZero: true, ticks: { precision: 0, font: FONT } },
        },
        plugins: { legend: { display: false } },
      },
    }),
    [report, names, t],
  );
  const ref = useChart(config);
  const alt = t('review.chartTrendAlt', { count: report.trend.length, pending: pendingNow });
  return (
    <figure className="chart">
      <figcaption>{t('review.chartTrend')}</figcaption>
      <div className="chart-box">
        <canvas ref={ref} role="img" aria-label={alt} />
      </div>
    </figure>
  );
}

export function PendencyCharts({ report }: { readonly report: ReviewReport }) {
  return (
    <div className="review-charts">
      {report.byOffice.length > 0 && <AgeingChart report={report} />}
      {report.trend.length > 0 && <TrendChart report={report} />}
    </div>
  );
}
