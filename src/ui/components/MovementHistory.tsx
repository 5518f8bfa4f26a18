import type { RecordId } from '@domain/ids.ts';
import type { Hop } from '@domain/record.ts';
import { formatDuration } from '../duration.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useRecordSignatures } from '../hooks/useRecordSignatures.ts';
import { useSignedIn } from '../hooks/useSignedIn.ts';
import { personName } from '../people.ts';
import { SignatureMark } from './SignatureMark.tsx';

/** Where the record has been, how long it stayed at each desk, and who signed each move. */
export function MovementHistory({
  recordId,
  hops,
}: {
  readonly recordId: RecordId;
  readonly hops: readonly Hop[];
}) {
  const i18n = useI18n();
  const signatures = useRecordSignatures(recordId);
  const { t, lang, formatDateTime } = i18n;
  const { directory } = useSignedIn().deviceContext;
  return (
    <section aria-label={t('file.movement')} className="movement">
      <h2>{t('file.movement')}</h2>
      <ol>
        {hops.map((hop, i) => {
          const holder = personName(directory, hop.holder, lang);
          const duration = formatDuration(hop.dwellMs, i18n);
          const since = formatDateTime(hop.since);
          return (
            <li key={`${hop.holder}-${hop.since}-${i}`}>
              <p>
                {hop.until === null
                  ? t('file.hopCurrent', { holder, since, duration })
                  : t('file.hop', { holder, since, until: formatDateTime(hop.until), duration })}
              </p>
              {hop.from && (
                <small>
                  {t(pulledBack(hops, i) ? 'file.hopPulledBackFrom' : 'file.hopFrom', {
                    name: personName(directory, hop.from, lang),
                  })}{' '}
                </small>
              )}
              {hop.remarks && <small>{t('file.hopRemarks', { remarks: hop.remarks })} </small>}
              {hop.dueDate && (
                <small>{t('file.dueDate', { date: i18n.formatIsoDate(hop.dueDate) })} </small>
              )}
              {hop.pulledBack && <small>{t('file.hopPulledBack')} </small>}
              <SignatureMark status={signatures?.get(hop.eventId ?? 'meta')} />
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/**
 * The stay at `i` began with a pull back (the stay before it was cut short):
 * its `from` is whom the file was taken back from, not someone who sent it.
 */
function pulledBack(hops: readonly Hop[], i: number): boolean {
  return hops[i - 1]?.pulledBack === true;
}
