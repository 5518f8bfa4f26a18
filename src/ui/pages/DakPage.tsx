import { useId, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { isIsoDate } from '@domain/calendar.ts';
import { GRADES, RECEIPT_MODES, type Grade, type ReceiptMode } from '@domain/events.ts';
import { CATEGORIES, type Category } from '@domain/record.ts';
import { diariseReceipt, type Created } from '@storage/services.ts';
import { CategorySelect } from '../components/CategorySelect.tsx';
import { GradeSelect } from '../components/GradeSelect.tsx';
import { DateField } from '../components/DateField.tsx';
import { ErrorText } from '../components/ErrorText.tsx';
import { RecordTable } from '../components/RecordTable.tsx';
import { useFormDraft } from '../hooks/useFormDraft.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useInbox } from '../hooks/useInbox.ts';
import { useSignedIn } from '../hooks/useSignedIn.ts';
import type { UiError } from '../errors.ts';

const TEXT_FIELDS = { from: '', letterNumber: '', letterDate: '', subject: '' };
// A half-filled form is kept as my form draft (mode and category included).
const EMPTY = { ...TEXT_FIELDS, mode: 'post', category: 'revenue', grade: 'normal' };
const ALLOWED = { mode: RECEIPT_MODES, category: CATEGORIES, grade: GRADES };

/** Dak: diarise a receipt (→ diary number) and list the receipts with me. */
export function DakPage() {
  const { t } = useI18n();
  const withMe = useInbox('withMe');
  const receipts = (withMe ?? []).filter((r) => r.kind === 'receipt');
  return (
    <section aria-label={t('dak.title')} className="dak">
      <h1>{t('dak.title')}</h1>
      <DiariseForm />
      <h2>{t('dak.withMe')}</h2>
      {receipts.length === 0 ? (
        <p className="empty">{t('dak.empty')}</p>
      ) : (
        <RecordTable rows={receipts} personColumn="from" caption={t('dak.withMe')} />
      )}
    </section>
  );
}

function DiariseForm() {
  const { t } = useI18n();
  const { deviceContext } = useSignedIn();
  const ids = useId();
  const draft = useFormDraft('dak', EMPTY, ALLOWED);
  const fields = draft.values;
  const mode = fields.mode as ReceiptMode;
  const category = fields.category as Category;
  const grade = fields.grade as Grade;
  const [error, setError] = useState<UiError | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const field = (name: keyof typeof TEXT_FIELDS, label: string) => (
    <>
      <label htmlFor={`${ids}-${name}`}>{label}</label>
      {name === 'letterDate' ? (
        <DateField
          id={`${ids}-${name}`}
          value={fields[name]}
          onChange={(d) => draft.set({ [name]: d })}
        />
      ) : (
        <input
          id={`${ids}-${name}`}
          type="text"
          value={fields[name]}
          onChange={(e) => draft.set({ [name]: e.target.value })}
        />
      )}
    </>
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = {
      from: fields.from.trim(),
      letterNumber: fields.letterNumber.trim(),
      letterDate: fields.letterDate,
      subject: fields.subject.trim(),
    };
    if (Object.values(trimmed).some((v) => v === '')) return setError('dakRequired');
    // The field says what is wrong with a letter date that is none.
    if (!isIsoDate(trimmed.letterDate)) return setError(null);
    const outcome = await diariseReceipt(deviceContext, { ...trimmed, mode, category, grade });
    if (!outcome.ok) return setError(outcome.error);
    setError(null);
    setCreated(outcome.value);
    await draft.clear();
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="form" aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>{t('dak.diariseHeading')}</h2>
      {field('from', t('dak.from'))}
      {field('letterNumber', t('dak.letterNumber'))}
      {field('letterDate', t('dak.letterDate'))}
      {field('subject', t('dak.subject'))}
      <label htmlFor={`${ids}-mode`}>{t('dak.mode')}</label>
      <select id={`${ids}-mode`} value={mode} onChange={(e) => draft.set({ mode: e.target.value })}>
        {RECEIPT_MODES.map((m) => (
          <option key={m} value={m}>
            {t(`mode.${m}`)}
          </option>
        ))}
      </select>
      <label htmlFor={`${ids}-cat`}>{t('dak.category')}</label>
      <CategorySelect
        id={`${ids}-cat`}
        value={category}
        onChange={(c) => draft.set({ category: c })}
      />
      <GradeSelect id={`${ids}-grade`} value={grade} onChange={(g) => draft.set({ grade: g })} />
      <ErrorText error={error} />
      <button type="submit" className="primary">
        {t('dak.diarise')}
      </button>
      {created && (
        <p role="status" className="diarised">
          <Link href={`/r/${created.id}`}>{t('dak.diarised', { number: created.number })}</Link>
        </p>
      )}
    </form>
  );
}
