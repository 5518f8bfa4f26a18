import { AGE_BUCKETS, type AgeBucket } from '@domain/pendency.ts';
import { findOffice, findPerson } from '@domain/directory.ts';
import type { MessageKey } from '@i18n/hi.ts';
import { useDeskPendency } from '../hooks/useDeskPendency.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useSignedIn } from '../hooks/useSignedIn.ts';

const BUCKET_KEYS: Readonly<Record<AgeBucket, MessageKey>> = {
  '0-7': 'pendency.bucket0to7',
  '8-15': 'pendency.bucket8to15',
  '16-30': 'pendency.bucket16to30',
  '30+': 'pendency.bucketOver30',
};

/** The `Pendency` region: one row per person (and office) with counts by age. */
export function PendencyPage() {
  const { t, lang } = useI18n();
  const { directory } = useSignedIn().deviceContext;
  const rows = useDeskPendency();
  return (
    <section aria-label={t('pendency.title')} className="pendency">
      <h1>{t('pendency.title')}</h1>
      {rows === undefined ? (
        <p>{t('app.loading')}</p>
      ) : rows.length === 0 ? (
        <p className="empty">{t('pendency.empty')}</p>
      ) : (
        <table className="records">
          <thead>
            <tr>
              <th scope="col">{t('pendency.person')}</th>
              <th scope="col">{t('pendency.office')}</th>
              {AGE_BUCKETS.map((b) => (
                <th scope="col" key={b}>
                  {t(BUCKET_KEYS[b])}
                </th>
              ))}
              <th scope="col">{t('pendency.total')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const person = findPerson(directory, row.key);
              const office = person ? findOffice(directory, person.office) : undefined;
              return (
                <tr key={row.key}>
                  <th scope="row">{person ? person.name[lang] : row.key}</th>
                  <td>{office ? office.name[lang] : '—'}</td>
                  {AGE_BUCKETS.map((b) => (
                    <td key={b}>{row.byAge[b]}</td>
                  ))}
                  <td>{row.total}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
