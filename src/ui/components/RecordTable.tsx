import { useState, type MouseEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { istDate } from '@domain/calendar.ts';
import { isOverdue, pendingDays } from '@domain/pendency.ts';
import type { PersonId } from '@domain/ids.ts';
import type { RecordSummary } from '@storage/services.ts';
import type { I18n } from '../app-context.ts';
import { useEnv } from '../hooks/useEnv.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useSignedIn } from '../hooks/useSignedIn.ts';
import { personName } from '../people.ts';
import { numberShown } from '../volume-number.ts';
import { GradeBadge } from './GradeSelect.tsx';

interface Props {
  readonly rows: readonly RecordSummary[];
  /** Whose name the person column shows: who sent it to me, or who holds it now. */
  readonly personColumn: 'from' | 'with';
  readonly caption: string;
  /** Every row is a copy for information (`Copy to`): marked so, and pending with its holder. */
  readonly forInfo?: boolean;
}

/**
 * Rows shown at first, and added by each "Show more". A tehsildar may hold over
 * a thousand files; drawing every row made the inbox's cold start on a cheap
 * tablet grow with what is stored (docs/BENCHMARKS.md, cold start).
 */
export const ROWS_PER_STEP = 200;

/**
 * Rows of records: number (link), subject, from/with whom and `pending N days`.
 * Urgent and overdue records are marked; a file attached under another listed
 * here (nestAttached puts it right after) is indented and names it; a tap
 * anywhere on a row opens the record (the number stays a link for keyboards
 * and screen readers).
 */
export function RecordTable({ rows, personColumn, caption, forInfo = false }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const [shown, setShown] = useState(ROWS_PER_STEP);
  const [, navigate] = useLocation();
  const at = useEnv().now();
  const today = istDate(at);
  const hidden = rows.length - shown;
  const numbers = new Map(rows.map((r) => [r.id, r.number]));
  const open = (e: MouseEvent, r: RecordSummary) => {
    // The number link, and any control in the row, does its own thing.
    if (e.target instanceof Element && e.target.closest('a, button, input, select, textarea'))
      return;
    navigate(`/r/${r.id}`);
  };
  return (
    <>
      <table className="records record-list">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('inbox.number')}</th>
            <th scope="col">{t('inbox.subject')}</th>
            <th scope="col">{t(personColumn === 'from' ? 'inbox.from' : 'inbox.with')}</th>
            <th scope="col">{t('inbox.pending')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, shown).map((r) => {
            const overdue = isOverdue(r, today);
            const main = r.attachedUnder === null ? undefined : numbers.get(r.attachedUnder);
            return (
              <tr
                key={r.id}
                className={rowClass(r, overdue, main !== undefined)}
                onClick={(e) => open(e, r)}
              >
                <td>
                  <Link href={`/r/${r.id}`} className="record-number">
                    {numberShown(t, r.number, r.volume)}
                  </Link>
                  <span className="kind">
                    {t(r.kind === 'file' ? 'kind.file' : 'kind.receipt')}
                  </span>
                  {forInfo && <span className="badge info">{t('copy.forInfo')}</span>}
                  {r.awaitingOpen && personColumn === 'from' && (
                    <span className="badge">{t('inbox.unopened')}</span>
                  )}
                  {r.priority !== 'normal' && (
                    <span className="badge urgent">{t(`priority.${r.priority}`)}</span>
                  )}
                  {overdue && <span className="badge overdue">{t('inbox.overdue')}</span>}
                  {main !== undefined && (
                    <span className="attached-mark">
                      {t('attachFile.rowUnder', { number: main })}
                    </span>
                  )}
                </td>
                <td>
                  {r.subject} <GradeBadge grade={r.grade} />
                </td>
                <td>
                  <PersonCell row={r} column={personColumn} />
                </td>
                <td>{pendingText(r, at, i18n)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {hidden > 0 && (
        <button type="button" className="show-more" onClick={() => setShown(shown + ROWS_PER_STEP)}>
          {t('records.showMore', { count: Math.min(hidden, ROWS_PER_STEP), total: rows.length })}
        </button>
      )}
    </>
  );
}

function rowClass(r: RecordSummary, overdue: boolean, nested: boolean): string {
  return [
    'record-row',
    nested ? 'attached-row' : '',
    r.priority === 'normal' ? '' : `priority-${r.priority}`,
    overdue ? 'overdue' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * A receipt is from its letter's writer (and via the colleague who sent it on); a
 * file from its sender, or pulled back from whom it was taken back from; a file
 * never sent on was opened by its holder.
 */
function PersonCell({
  row,
  column,
}: {
  readonly row: RecordSummary;
  readonly column: 'from' | 'with';
}) {
  const { t, lang } = useI18n();
  const { directory } = useSignedIn().deviceContext;
  const nameOf = (id: PersonId | null): string => (id ? personName(directory, id, lang) : '—');
  if (column === 'with') return <>{t('inbox.withPerson', { name: nameOf(row.holder) })}</>;
  // After a pull back the holder took it back from lastSender, who did not send it.
  if (row.pulledBack) return <>{t('file.hopPulledBackFrom', { name: nameOf(row.lastSender) })}</>;
  // Never sent on: it is with whoever opened it, not from anyone.
  if (row.letterFrom === null && row.lastSender === null)
    return <>{t('inbox.openedBy', { name: nameOf(row.createdBy) })}</>;
  if (row.letterFrom === null)
    return <>{t('inbox.fromPerson', { name: nameOf(row.lastSender) })}</>;
  return (
    <>
      {t('inbox.fromPerson', { name: row.letterFrom })}
      {row.lastSender !== null && (
        <small className="via">{t('inbox.via', { name: nameOf(row.lastSender) })}</small>
      )}
    </>
  );
}

/** "pending N days", "pending since today", or why it is no longer pending. */
function pendingText(r: RecordSummary, at: number, { t }: I18n): string {
  if (r.inFile !== null) return t('records.inFile');
  if (r.status === 'closed') return t('status.closed');
  const days = pendingDays(r, at);
  return days === 0 ? t('pending.today') : t('pending.days', { count: days });
}
