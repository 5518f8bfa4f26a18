import { useId, useState } from 'react';
import { Link } from 'wouter';
import { istDate } from '@domain/calendar.ts';
import { asOfficeId } from '@domain/ids.ts';
import { isPermanent } from '@domain/retention.ts';
import { useRetentionLabel } from '../components/CloseFileDialog.tsx';
import { useEnv } from '../hooks/useEnv.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useRetentionList } from '../hooks/useRetentionList.ts';
import { useSignedIn } from '../hooks/useSignedIn.ts';
import './retention.css';

/**
 * `/retention`: an office's closed files on this tablet with their retention
 * category, sorted by review date, those due by today marked: the record
 * room's list of what to review for the archives (A, B) or weed (C-n).
 */
export function RetentionPage() {
  const { t, lang, formatIsoDate } = useI18n();
  const { now } = useEnv();
  const { person, directory } = useSignedIn().deviceContext;
  const officeField = useId();
  const [office, setOffice] = useState(person.office);
  const rows = useRetentionList(office);
  const label = useRetentionLabel();
  const today = istDate(now());
  const due = rows?.filter((r) => r.retention !== null && r.retention.reviewDate <= today).length;
  return (
    <section className="retention-page" aria-labelledby={`${officeField}-h`}>
      <h1 id={`${officeField}-h`}>{t('retention.title')}</h1>
      <p className="hint">{t('retention.intro')}</p>
      <label htmlFor={officeField}>{t('retention.office')}</label>
      <select
        id={officeField}
        value={office}
        onChange={(e) => setOffice(asOfficeId(e.target.value))}
      >
        {directory.offices.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name[lang]}
          </option>
        ))}
      </select>
      {rows === undefined ? (
        <p>{t('app.loading')}</p>
      ) : rows.length === 0 ? (
        <p className="empty">{t('retention.none')}</p>
      ) : (
        <>
          <p>{t('retention.dueCount', { count: due ?? 0 })}</p>
          <table aria-label={t('retention.list')} className="retention-list">
            <thead>
              <tr>
                <th scope="col">{t('retention.col.number')}</th>
                <th scope="col">{t('retention.col.subject')}</th>
                <th scope="col">{t('retention.col.category')}</th>
                <th scope="col">{t('retention.col.closedOn')}</th>
                <th scope="col">{t('retention.col.reviewDate')}</th>
                <th scope="col">{t('retention.col.action')}</th>
                <th scope="col">{t('retention.col.state')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const kept = r.retention;
                if (kept === null) return null;
                const isDue = kept.reviewDate <= today;
                return (
                  <tr key={r.id} className={isDue ? 'due' : undefined}>
                    <td>
                      <Link href={`/r/${r.id}`}>{r.number}</Link>
                    </td>
                    <td>{r.subject}</td>
                    <td>{label(kept.category)}</td>
                    <td>{formatIsoDate(kept.closedOn)}</td>
                    <td>{formatIsoDate(kept.reviewDate)}</td>
                    <td>
                      {isPermanent(kept.category)
                        ? t('retention.actionReview')
                        : t('retention.actionWeed')}
                    </td>
                    <td>{isDue ? t('retention.due') : t('retention.notYet')}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
