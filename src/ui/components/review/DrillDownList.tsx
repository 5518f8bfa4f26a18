import { Link } from 'wouter';
import type { RecordId } from '@domain/ids.ts';
import type { ReviewRecord } from '@domain/review.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import type { ReviewNames } from '../../review/labels.ts';

interface Props {
  readonly title: string;
  readonly records: readonly ReviewRecord[];
  readonly names: ReviewNames;
  /**
   * Records this device holds link to their page; others show their details only.
   * Undefined while the device store is read: numbers show plain, not yet marked missing.
   */
  readonly onDevice: ReadonlySet<RecordId> | undefined;
  readonly onClose: () => void;
}

/** The records behind one count: number, subject, holder, since, days, due date. */
export function DrillDownList({ title, records, names, onDevice, onClose }: Props) {
  const { t, formatNumber } = useI18n();
  return (
    <section aria-label={title} className="drill-down">
      <div className="drill-head">
        <h2>{title}</h2>
        <button type="button" onClick={onClose}>
          {t('review.closeList')}
        </button>
      </div>
      {records.length === 0 ? (
        <p className="empty">{t('review.empty')}</p>
      ) : (
        <table className="records">
          <thead>
            <tr>
              <th scope="col">{t('review.number')}</th>
              <th scope="col">{t('review.subject')}</th>
              <th scope="col">{t('review.holder')}</th>
              <th scope="col">{t('review.since')}</th>
              <th scope="col">{t('review.days')}</th>
              <th scope="col">{t('review.dueDate')}</th>
            </tr>
          </thead>
          <tbody>
            {records.map((r) => (
              <tr key={r.id} className={r.overdue ? 'overdue' : undefined}>
                <th scope="row">
                  {onDevice === undefined ? (
                    <span className="record-number">{r.number}</span>
                  ) : onDevice.has(r.id) ? (
                    <Link href={`/r/${r.id}`} className="record-number">
                      {r.number}
                    </Link>
                  ) : (
                    <>
                      <span className="record-number">{r.number}</span>{' '}
                      <small className="muted">({t('review.notOnDevice')})</small>
                    </>
                  )}
                </th>
                <td>
                  {r.subject === '' ? (
                    <em className="withheld">{t('grade.withheld')}</em>
                  ) : (
                    r.subject
                  )}{' '}
                  <small className="muted">{names.kind(r.kind)}</small>
                  {(r.letters.awaitingApproval > 0 || r.letters.approvedNotDispatched > 0) && (
                    <small className="letters-line">
                      {' '}
                      ·{' '}
                      {t('review.lettersLine', {
                        awaiting: r.letters.awaitingApproval,
                        awaitingDays: r.letters.awaitingDays,
                        approved: r.letters.approvedNotDispatched,
                        approvedDays: r.letters.approvedDays,
                      })}
                    </small>
                  )}
                </td>
                <td>
                  {names.person(r.holder)}
                  {r.holderOffice !== null && (
                    <small className="muted"> · {names.office(r.holderOffice)}</small>
                  )}
                </td>
                <td>
                  {names.dateTime(r.since)}
                  {r.unverified && (
                    <small className="unverified"> ({t('review.unverifiedMark')})</small>
                  )}
                </td>
                <td>{formatNumber(r.days)}</td>
                <td>
                  {r.dueDate === null ? '—' : names.date(r.dueDate)}
                  {r.overdue && <small className="overdue-mark"> ({t('review.overdue')})</small>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
