import { Link } from 'wouter';
import type { RecordId } from '@domain/ids.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { usePullProblems } from '../hooks/usePullProblems.ts';

/**
 * The alarm when what the server sent for a record failed verification
 * (src/storage/sync/pull-check.ts): said on the record itself, and listed on the
 * inbox, until a later sync brings what passes.
 */

/** On the record page: what failed, and that this tablet kept its own copy. */
export function RecordPullAlarm({ recordId }: { readonly recordId: RecordId }) {
  const { t, formatDateTime } = useI18n();
  const found = usePullProblems()?.find((p) => p.recordId === recordId);
  if (found === undefined) return null;
  return (
    <section role="alert" aria-label={t('pullCheck.title')} className="pull-alarm">
      <h2>{t('pullCheck.title')}</h2>
      <p>{t(`pullCheck.${found.problem}`)}</p>
      <p>{t('pullCheck.kept')}</p>
      <small className="detail">
        {formatDateTime(found.at)} · {found.reason}: {found.detail}
      </small>
    </section>
  );
}

/** On the inbox: every record held back, each a link to its page. */
export function PullAlarmBanner() {
  const { t } = useI18n();
  const problems = usePullProblems();
  if (problems === undefined || problems.length === 0) return null;
  return (
    <section role="alert" aria-label={t('pullCheck.title')} className="pull-alarm">
      <h2>{t('pullCheck.title')}</h2>
      <p>{t('pullCheck.bannerText', { count: problems.length })}</p>
      <ul>
        {problems.map((p) => (
          <li key={p.recordId}>
            <Link href={`/r/${p.recordId}`}>
              {p.number === null
                ? t('pullCheck.notHere', { id: p.recordId })
                : t('pullCheck.row', {
                    number: p.number,
                    subject: p.subject ?? '',
                    problem: t(`pullCheck.${p.problem}`),
                  })}
            </Link>
          </li>
        ))}
      </ul>
      <p>{t('pullCheck.kept')}</p>
    </section>
  );
}

/** In the sync status: how many records failed verification (nothing when none). */
export function PullAlarmLine() {
  const { t } = useI18n();
  const count = usePullProblems()?.length ?? 0;
  if (count === 0) return null;
  return <p className="sync-error">{t('pullCheck.syncLine', { count })}</p>;
}
