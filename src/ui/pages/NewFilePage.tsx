import { useId, useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import { GRADES, type Grade } from '@domain/events.ts';
import { CATEGORIES, type Category } from '@domain/record.ts';
import { createFile } from '@storage/services.ts';
import { CategorySelect } from '../components/CategorySelect.tsx';
import { GradeSelect } from '../components/GradeSelect.tsx';
import { ErrorText } from '../components/ErrorText.tsx';
import { useFormDraft } from '../hooks/useFormDraft.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useSignedIn } from '../hooks/useSignedIn.ts';
import type { UiError } from '../errors.ts';

const EMPTY = { subject: '', category: 'revenue', grade: 'normal' };
const ALLOWED = { category: CATEGORIES, grade: GRADES };

/** New file: subject + category + security grade → create → the file page. Half-filled, it is kept as my form draft. */
export function NewFilePage() {
  const { t } = useI18n();
  const { deviceContext } = useSignedIn();
  const [, navigate] = useLocation();
  const ids = useId();
  const draft = useFormDraft('newFile', EMPTY, ALLOWED);
  const { subject } = draft.values;
  const category = draft.values.category as Category;
  const grade = draft.values.grade as Grade;
  const [error, setError] = useState<UiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!subject.trim()) return setError('subjectRequired');
    setBusy(true);
    const outcome = await createFile(deviceContext, { subject: subject.trim(), category, grade });
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error);
    await draft.clear();
    navigate(`/r/${outcome.value.id}`);
  }

  return (
    <section aria-labelledby={`${ids}-h`}>
      <h1 id={`${ids}-h`}>{t('newFile.title')}</h1>
      <form onSubmit={(e) => void submit(e)} noValidate className="form">
        <label htmlFor={`${ids}-s`}>{t('newFile.subject')}</label>
        <input
          id={`${ids}-s`}
          value={subject}
          onChange={(e) => draft.set({ subject: e.target.value })}
        />
        <label htmlFor={`${ids}-c`}>{t('newFile.category')}</label>
        <CategorySelect
          id={`${ids}-c`}
          value={category}
          onChange={(c) => draft.set({ category: c })}
        />
        <GradeSelect id={`${ids}-g`} value={grade} onChange={(g) => draft.set({ grade: g })} />
        <ErrorText error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {t('newFile.create')}
        </button>
      </form>
    </section>
  );
}
