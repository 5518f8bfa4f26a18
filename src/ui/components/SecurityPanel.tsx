import { useId, useState, type FormEvent } from 'react';
import type { Grade } from '@domain/events.ts';
import { gradeActions, mayBeNamed } from '@domain/grade-commands.ts';
import { isRestricted } from '@domain/grades.ts';
import { asPersonId } from '@domain/ids.ts';
import type { RecordState } from '@domain/record.ts';
import {
  changeRecordGrade,
  grantRecordAccess,
  officersOf,
  type Outcome,
} from '@storage/services.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useSignedIn } from '../hooks/useSignedIn.ts';
import { peopleByOffice, personName } from '../people.ts';
import type { UiError } from '../errors.ts';
import { ErrorText } from './ErrorText.tsx';
import { PersonOptions } from './PersonOptions.tsx';

/**
 * The record's security grade on its page (issue 17): the grade, who is on a
 * restricted record's access list, and — for whoever the rules let — `Change
 * grade` (raise: the holder; lower: a holder who created it or is an officer)
 * and `Add reader` (the holder of a confidential or secret record). What is
 * offered comes from the domain's gradeActions, the rules the server judges by.
 */
export function SecurityPanel({ state }: { readonly state: RecordState }) {
  const { t, lang } = useI18n();
  const { deviceContext } = useSignedIn();
  const { person, directory } = deviceContext;
  const ids = useId();
  const [grade, setGrade] = useState<Grade | ''>('');
  const [reader, setReader] = useState('');
  const [error, setError] = useState<UiError | null>(null);
  const [busy, setBusy] = useState(false);
  const actions = gradeActions(state, person.id, person.role, officersOf(deviceContext));
  const choices = actions.grades.filter((g) => g !== state.grade);
  const restricted = isRestricted(state.grade);
  const groups = peopleByOffice(directory, person)
    .map((g) => ({ ...g, people: g.people.filter((p) => mayBeNamed(state, p.id)) }))
    .filter((g) => g.people.length > 0);
  const accessList = [...new Set([...state.participants, ...state.readers])];

  async function run(event: FormEvent, action: () => Promise<Outcome>) {
    event.preventDefault();
    setBusy(true);
    const outcome = await action();
    setBusy(false);
    setError(outcome.ok ? null : outcome.error);
    if (outcome.ok) {
      setGrade('');
      setReader('');
    }
  }

  return (
    <section className="security" aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>{t('grade.label')}</h2>
      <p>{t(`grade.${state.grade}`)}</p>
      {restricted && (
        <>
          <h3>{t('grade.accessList')}</h3>
          <ul aria-label={t('grade.accessList')}>
            {accessList.map((id) => (
              <li key={id}>{personName(directory, id, lang)}</li>
            ))}
          </ul>
        </>
      )}
      {choices.length > 0 && (
        <form
          className="form"
          onSubmit={(e) =>
            void run(e, () => changeRecordGrade(deviceContext, state.meta.id, grade as Grade))
          }
        >
          <label htmlFor={`${ids}-g`}>{t('grade.newGrade')}</label>
          <select
            id={`${ids}-g`}
            value={grade}
            onChange={(e) => setGrade(e.target.value as Grade | '')}
          >
            <option value="">{t('send.choose')}</option>
            {choices.map((g) => (
              <option key={g} value={g}>
                {t(`grade.${g}`)}
              </option>
            ))}
          </select>
          <button type="submit" disabled={busy || grade === ''}>
            {t('grade.change')}
          </button>
        </form>
      )}
      {restricted && actions.mayGrant && groups.length > 0 && (
        <form
          className="form"
          onSubmit={(e) =>
            void run(e, () => grantRecordAccess(deviceContext, state.meta.id, asPersonId(reader)))
          }
        >
          <label htmlFor={`${ids}-r`}>{t('grade.reader')}</label>
          <select id={`${ids}-r`} value={reader} onChange={(e) => setReader(e.target.value)}>
            <option value="">{t('send.choose')}</option>
            <PersonOptions groups={groups} />
          </select>
          <button type="submit" disabled={busy || reader === ''}>
            {t('grade.addReader')}
          </button>
        </form>
      )}
      <ErrorText error={error} />
    </section>
  );
}
