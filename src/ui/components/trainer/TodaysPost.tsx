import { useId, useMemo, useState } from 'react';
import { useLocation } from 'wouter';
import { incomingPostFor, letterKey, type IncomingLetter } from './demo-post.ts';
import { saveFormDraft } from '@storage/services.ts';
import { useDiarisedLetters } from '../../hooks/useDiarisedLetters.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { useSignedIn } from '../../hooks/useSignedIn.ts';
import { ErrorText } from '../ErrorText.tsx';
import type { UiError } from '../../errors.ts';
import './trainer.css';

/**
 * "Today's post": the demo district's incoming letters for my office
 * (demo-post.ts beside it), for the exercise's "diarise a letter" step. A
 * letter's button opens the Dak page with the form already filled in: it is
 * written as my Dak form draft, which the Dak form restores on opening. A
 * letter shows as diarised once a receipt with its sender and number is on
 * this device. Nothing shows outside the demo district.
 */
export function TodaysPost() {
  const { t } = useI18n();
  const { deviceContext } = useSignedIn();
  const { person, now } = deviceContext;
  const ids = useId();
  // Fixed for the visit: the list should not reshuffle dates while the learner works.
  const [at] = useState(now);
  const letters = useMemo(() => incomingPostFor(person.office, at), [person.office, at]);
  const diarised = useDiarisedLetters();
  if (letters.length === 0 || diarised === undefined) return null;
  const isDone = (l: IncomingLetter) => diarised.has(letterKey(l.from, l.letterNumber));
  const done = letters.filter(isDone).length;
  return (
    <section aria-labelledby={`${ids}-h`} className="todays-post">
      <h2 id={`${ids}-h`}>{t('post.title')}</h2>
      <p>{t('post.intro')}</p>
      <p>{t('post.count', { done, total: letters.length })}</p>
      <ul className="post-letters" aria-label={t('post.title')}>
        {letters.map((letter) => (
          <PostLetter key={letter.id} letter={letter} done={isDone(letter)} />
        ))}
      </ul>
    </section>
  );
}

function PostLetter({ letter, done }: { letter: IncomingLetter; done: boolean }) {
  const { t, formatDate } = useI18n();
  const { deviceContext } = useSignedIn();
  const [, navigate] = useLocation();
  const [error, setError] = useState<UiError | null>(null);
  const ids = useId();

  async function openInDak() {
    const { from, letterNumber, letterDate, subject, mode, category } = letter;
    const fields = { from, letterNumber, letterDate, subject, mode, category };
    const outcome = await saveFormDraft(deviceContext, 'dak', fields);
    if (!outcome.ok) return setError(outcome.error);
    navigate('/dak');
  }

  return (
    <li className={done ? 'done' : 'todo'} data-letter={letter.id}>
      <p className="post-from" id={`${ids}-from`}>
        {letter.from}
      </p>
      <p className="post-subject" id={`${ids}-subject`}>
        {letter.subject}
      </p>
      <p>
        {t('post.letterLine', {
          number: letter.letterNumber,
          date: formatDate(Date.parse(letter.letterDate)),
        })}
        {' · '}
        {t(`mode.${letter.mode}`)}
        {' · '}
        {t(`category.${letter.category}`)}
      </p>
      {done ? (
        <p className="post-done">
          <span aria-hidden="true">✓ </span>
          {t('post.done')}
        </p>
      ) : (
        <>
          <p className="visually-hidden">{t('post.waiting')}</p>
          <ErrorText error={error} />
          <button
            type="button"
            className="primary"
            aria-describedby={`${ids}-from ${ids}-subject`}
            onClick={() => void openInDak()}
          >
            {t('post.diarise')}
          </button>
        </>
      )}
    </li>
  );
}
