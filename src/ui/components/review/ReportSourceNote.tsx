import type { ReportSource } from '../../hooks/usePendencyReport.ts';
import { useI18n } from '../../hooks/useI18n.ts';

interface Props {
  readonly source: ReportSource;
  readonly asOf: number;
  readonly clockVerified: boolean;
  /** A device view while this tablet's join is still bringing the office (decision 0012). */
  readonly joining?: boolean;
}

/** Where the numbers come from and when they were computed (DESIGN.md invariant 4). */
export function ReportSourceNote({ source, asOf, clockVerified, joining = false }: Props) {
  const { t, formatDateTime } = useI18n();
  const time = formatDateTime(asOf);
  return (
    <div className="report-source">
      {source === 'offlineCopy' ? (
        <p role="note" className="offline-copy">
          {t('review.offlineCopy', { time })}
        </p>
      ) : (
        <p>{t(source === 'server' ? 'review.fromServer' : 'review.fromDevice', { time })}</p>
      )}
      {joining && source === 'device' && (
        <p role="note" className="joining">
          {t('review.joining')}
        </p>
      )}
      {!clockVerified && (
        <p role="note" className="unverified">
          {t('review.clockUnverified')}
        </p>
      )}
    </div>
  );
}
