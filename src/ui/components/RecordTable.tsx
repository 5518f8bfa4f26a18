import { Link } from 'wouter';
import { pendingDays } from '@domain/pendency.ts';
import type { PersonId } from '@domain/ids.ts';
import type { RecordSummary } from '@storage/db.ts';
import { useEnv } from '../hooks/useEnv.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useSignedIn } from '../hooks/useSignedIn.ts';
import { personName } from '../people.ts';

interface Props {
  readonly rows: readonly RecordSummary[];
  /** Whose name the person column shows: who sent it to me, or who holds it now. */
  readonly personColumn: 'from' | 'with';
  readonly caption: string;
}

/** Rows of records: number (link), subject, from/with whom and `pending N days`. */
export function RecordTable({ rows, personColumn, caption }: Props) {
  const { t, lang } = useI18n();
  const { now } = useEnv();
  const { deviceContext } = useSignedIn();
  const nameOf = (id: PersonId | null): string =>
    id ? personName(deviceContext.directory, id, lang) : '—';
  const at = now();
  return (
    <table className="records">
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
        {rows.map((r) => (
          <tr key={r.id} className={r.priority === 'normal' ? '' : `priority-${r.priority}`}>
            <td>
              <Link href={`/r/${r.id}`} className="record-number">
                {r.number}
              </Link>
              <span className="kind">{t(r.kind === 'file' ? 'kind.file' : 'kind.receipt')}</span>
              {r.awaitingOpen && personColumn === 'from' && (
                <span className="badge">{t('inbox.unopened')}</span>
              )}
            </td>
            <td>{r.subject}</td>
            <td>
              {personColumn === 'from'
                ? t('inbox.fromPerson', { name: nameOf(r.lastSender) })
                : t('inbox.withPerson', { name: nameOf(r.holder) })}
            </td>
            <td>
              {t('pending.days', { count: pendingDays(r, at) })}
              {r.priority !== 'normal' && (
                <span className="badge">{t(`priority.${r.priority}`)}</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
