import type { RecordState } from '@domain/record.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useSignedIn } from '../hooks/useSignedIn.ts';
import { personName } from '../people.ts';
import { numberShown } from '../volume-number.ts';
import { GradeBadge } from './GradeSelect.tsx';

/** h1 = the record's number (with its volume from the second on); then subject, head, holder since when, status, due date. */
export function RecordHeader({ state }: { readonly state: RecordState }) {
  const { t, lang, formatDateTime, formatIsoDate } = useI18n();
  const { directory } = useSignedIn().deviceContext;
  const { meta } = state;
  return (
    <header className="record-header">
      <h1>{numberShown(t, meta.number, state.volume)}</h1>
      <GradeBadge grade={state.grade} />
      <p className="subject">{t('file.subject', { subject: meta.subject })}</p>
      <p>
        {t('file.category', { category: t(`category.${meta.category}`) })} ·{' '}
        {t('file.status', { status: t(`status.${state.status}`) })}
        {state.priority !== 'normal' && (
          <span className="badge">{t(`priority.${state.priority}`)}</span>
        )}
      </p>
      <p>
        {t('file.holder', {
          name: personName(directory, state.holder, lang),
          date: formatDateTime(state.holderSince),
        })}
        {!state.holderSinceVerified && <small> {t('file.unverifiedTime')}</small>}
      </p>
      {state.dueDate && <p>{t('file.dueDate', { date: formatIsoDate(state.dueDate) })}</p>}
      {state.retention && (
        <p>
          {t('retention.onFile', {
            category: state.retention.category,
            date: formatIsoDate(state.retention.reviewDate),
          })}
        </p>
      )}
      {state.closure && (
        <p className="closure">
          {state.closure.approvedBy === null
            ? t('closure.onFileNoApprover', {
                closer: personName(directory, state.closure.by, lang),
                date: formatDateTime(state.closure.at),
              })
            : t('closure.onFile', {
                closer: personName(directory, state.closure.by, lang),
                date: formatDateTime(state.closure.at),
                approver: personName(directory, state.closure.approvedBy, lang),
              })}
        </p>
      )}
      {state.awaitingOpen && <p className="hint">{t('file.awaitingOpen')}</p>}
    </header>
  );
}
