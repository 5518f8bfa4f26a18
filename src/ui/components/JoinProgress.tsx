import { useId } from 'react';
import type { JoinProgress as Progress } from '@sync/join.ts';
import { formatDuration } from '../duration.ts';
import { useI18n } from '../hooks/useI18n.ts';
import type { I18n } from '../app-context.ts';
import { formatBytes } from './settings/format-bytes.ts';

/**
 * A fresh tablet's join (decision 0012) on the inbox: while the desk comes, that
 * it is coming; then that the inbox is here, with a progress bar for the rest of
 * the office (records and data left, and how long at the rate so far).
 */
export function JoinProgressBar({ join }: { readonly join: Progress }) {
  const i18n = useI18n();
  const ids = useId();
  if (join.phase === 'desk')
    return (
      <p role="status" className="join-desk">
        {i18n.t('join.desk')}
      </p>
    );
  const left = leftText(join, i18n);
  return (
    <div className="join-progress">
      <p id={`${ids}-what`}>{i18n.t('join.rest')}</p>
      <div
        role="progressbar"
        aria-labelledby={`${ids}-label`}
        aria-describedby={`${ids}-what`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={join.percentDone}
        aria-valuetext={left}
        className="join-bar"
      >
        <span style={{ width: `${join.percentDone}%` }} />
      </div>
      <p id={`${ids}-label`} className="join-left">
        <span className="visually-hidden">{i18n.t('join.label')}: </span>
        {left}
      </p>
    </div>
  );
}

function leftText(join: Progress, i18n: I18n): string {
  const left = i18n.t('join.left', {
    count: join.recordsLeft,
    size: formatBytes(join.bytesLeft, i18n.locale),
  });
  if (join.etaMs === null) return left;
  const eta =
    join.etaMs < 60_000
      ? i18n.t('join.etaSoon')
      : i18n.t('join.eta', { time: formatDuration(join.etaMs + 59_999, i18n) });
  return `${left} · ${eta}`;
}
