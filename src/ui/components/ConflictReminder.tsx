import { Link } from 'wouter';
import { useI18n } from '../hooks/useI18n.ts';
import { useMyConflicts } from '../hooks/useMyConflicts.ts';

/**
 * The reminder on the inbox: files where a noting or action of mine did not
 * take effect. It is derived from the records, so it shows on every device
 * of mine and goes away everywhere once I re-submit or dismiss.
 */
export function ConflictReminder() {
  const { t } = useI18n();
  const rows = useMyConflicts();
  if (rows === undefined || rows.length === 0) return null;
  return (
    <section aria-label={t('conflicts.bannerTitle')} className="conflict-reminder">
      <h2>{t('conflicts.bannerTitle')}</h2>
      <p>{t('conflicts.bannerText', { count: rows.length })}</p>
      <ul>
        {rows.map((r) => (
          <li key={r.id}>
            <Link href={`/r/${r.id}`}>
              {t('conflicts.bannerRow', { number: r.number, subject: r.subject })}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
