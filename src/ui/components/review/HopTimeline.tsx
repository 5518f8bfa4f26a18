import type { Hop } from '@domain/record.ts';
import { formatDuration } from '../../duration.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { useSignedIn } from '../../hooks/useSignedIn.ts';
import { personName } from '../../people.ts';
import './pendency.css';

/** Where each bar starts and how wide it is, as percentages of the record's whole life. */
export function hopBars(hops: readonly Hop[]): { left: number; width: number }[] {
  const first = hops[0];
  if (first === undefined) return [];
  const start = first.since;
  const end = Math.max(...hops.map((h) => h.since + Math.max(0, h.dwellMs)));
  const span = Math.max(1, end - start);
  return hops.map((h) => ({
    left: ((h.since - start) / span) * 100,
    width: (Math.max(0, h.dwellMs) / span) * 100,
  }));
}

/**
 * The record's movement as horizontal bars on one time axis: every hop, how
 * long it sat at each desk, so a reviewer sees at a glance where it waited.
 * Each row also says it in words (name, dates, duration) for screen readers.
 */
export function HopTimeline({ hops }: { readonly hops: readonly Hop[] }) {
  const i18n = useI18n();
  const { t, lang, formatDateTime } = i18n;
  const { directory } = useSignedIn().deviceContext;
  const bars = hopBars(hops);
  if (hops.length === 0) return null;
  return (
    <section aria-label={t('review.timeline')} className="hop-timeline">
      <h2>{t('review.timeline')}</h2>
      <ol>
        {hops.map((hop, i) => {
          const bar = bars[i] ?? { left: 0, width: 0 };
          const current = hop.until === null;
          return (
            <li key={`${hop.holder}-${hop.since}-${i}`} className={current ? 'current' : undefined}>
              <span className="hop-name">{personName(directory, hop.holder, lang)}</span>
              <span className="hop-track" aria-hidden="true">
                <span
                  className="hop-bar"
                  style={{ marginInlineStart: `${bar.left}%`, width: `max(${bar.width}%, 3px)` }}
                />
              </span>
              <span className="hop-time">
                {formatDuration(hop.dwellMs, i18n)}
                {current && ` · ${t('review.timelineNow')}`}
                <small>
                  {' '}
                  {formatDateTime(hop.since)}
                  {!hop.clockVerified && ` (${t('review.unverifiedMark')})`}
                </small>
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
