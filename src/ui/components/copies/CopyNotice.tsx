import { useState } from 'react';
import type { RecordState } from '@domain/record.ts';
import { mayWithdrawCopy, withdrawnCopyOf } from '@domain/copies.ts';
import { markCopySeen, withdrawCopy } from '@storage/services.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { useSignedIn } from '../../hooks/useSignedIn.ts';
import { personName } from '../../people.ts';
import { allowedActionsFor } from '../../record-actions.ts';
import type { UiError } from '../../errors.ts';
import { ErrorText } from '../ErrorText.tsx';

/**
 * A file's copies for information (`Copy to`, src/domain/copies.ts). To a copy
 * holder: the `For information` region saying who sent it, with `Mark seen`
 * until they have; to everyone: who has a copy and whether they have seen it;
 * to whoever sent a copy, `Withdraw` beside it. To someone whose copy was
 * withdrawn (and who has none now), who withdrew it and when, as a status, so a
 * page open when the withdrawal arrives says why `Mark seen` went.
 */
export function CopyNotice({ state }: { readonly state: RecordState }) {
  const { t, lang, formatDateTime } = useI18n();
  const { deviceContext } = useSignedIn();
  const { directory, person } = deviceContext;
  const [error, setError] = useState<UiError | null>(null);
  const withdrawn = withdrawnCopyOf(state, person.id);
  const mine =
    person.id === state.holder ? undefined : state.copies.find((c) => c.person === person.id);
  const canMark = allowedActionsFor(state, person.id, person.role).markSeen;
  const name = (id: RecordState['holder']) => personName(directory, id, lang);
  async function mark() {
    const outcome = await markCopySeen(deviceContext, state.meta.id);
    setError(outcome.ok ? null : outcome.error);
  }
  async function withdraw(copyHolder: RecordState['holder']) {
    const outcome = await withdrawCopy(deviceContext, state.meta.id, copyHolder);
    setError(outcome.ok ? null : outcome.error);
  }
  return (
    <>
      {withdrawn !== null && (
        <p className="copy-notice copy-withdrawn" role="status">
          {t('copy.withdrawnNotice', {
            name: name(withdrawn.by),
            date: formatDateTime(withdrawn.at),
          })}
        </p>
      )}
      {mine !== undefined && (
        <section className="copy-notice" aria-label={t('copy.forInfo')}>
          <p>
            <span className="badge info">{t('copy.forInfo')}</span>{' '}
            {t('copy.banner', { name: name(mine.from) })}
          </p>
          {canMark ? (
            <button type="button" className="primary" onClick={() => void mark()}>
              {t('copy.markSeen')}
            </button>
          ) : (
            mine.seenAt !== null && <p>{t('copy.seenOn', { date: formatDateTime(mine.seenAt) })}</p>
          )}
          <ErrorText error={error} />
        </section>
      )}
      {state.copies.length > 0 && (
        <section className="copy-list" aria-label={t('copy.listHeading')}>
          <h2>{t('copy.listHeading')}</h2>
          <ul>
            {state.copies.map((c) => (
              <li key={c.person}>
                <span>
                  {c.seenAt === null
                    ? t('copy.holderUnseen', { name: name(c.person) })
                    : t('copy.holderSeen', {
                        name: name(c.person),
                        date: formatDateTime(c.seenAt),
                      })}
                </span>
                {mayWithdrawCopy(state, person.id, c.person) && (
                  <button
                    type="button"
                    aria-label={t('copy.withdrawOne', { name: name(c.person) })}
                    onClick={() => void withdraw(c.person)}
                  >
                    {t('copy.withdraw')}
                  </button>
                )}
              </li>
            ))}
          </ul>
          {mine === undefined && <ErrorText error={error} />}
        </section>
      )}
    </>
  );
}
