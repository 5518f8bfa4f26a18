import { useId, useState, type FormEvent } from 'react';
import { LETTER_TEMPLATES, type LetterContent, type LetterTemplate } from '@domain/events.ts';
import type { RecordId } from '@domain/ids.ts';
import type { AttachedReceipt } from '@domain/record.ts';
import { useI18n } from '../../hooks/useI18n.ts';

interface Props {
  /** The version being edited; null for a new draft (then a template is chosen). */
  readonly initial: LetterContent;
  readonly isNew: boolean;
  readonly receipts: readonly AttachedReceipt[];
  /** The text a template fills in, for a new draft (reference: the receipt answered). */
  readonly prefill: (template: LetterTemplate, reference: RecordId | null) => LetterContent;
  readonly onSave: (template: LetterTemplate, content: LetterContent) => Promise<boolean>;
  readonly onCancel: () => void;
}

/**
 * A draft letter's form: for a new one `Template` and `In reply to` (which
 * fill the text), then `To`, `Letter subject`, `Letter` (Hindi) and the
 * optional English text side by side, `Save letter`.
 */
export function LetterEditor({ initial, isNew, receipts, prefill, onSave, onCancel }: Props) {
  const { t } = useI18n();
  const ids = useId();
  const [template, setTemplate] = useState<LetterTemplate>('blank');
  const [content, setContent] = useState<LetterContent>(initial);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<LetterContent>) => setContent((c) => ({ ...c, ...patch }));

  // What the template last filled in: a field that differs from it was typed by the person.
  const [filled, setFilled] = useState<LetterContent>(initial);

  /**
   * Another template or reference fills in the letter again, except what the person
   * typed: choosing 'Order' after writing the addressee wiped the addressee.
   */
  function choose(next: LetterTemplate, reference: RecordId | null) {
    const fresh = prefill(next, reference);
    setTemplate(next);
    setFilled(fresh);
    setContent((c) => {
      const keep = (key: 'to' | 'subject' | 'hindi' | 'english'): string =>
        c[key] !== filled[key] && c[key].trim() !== '' ? c[key] : fresh[key];
      return {
        reference: fresh.reference,
        to: keep('to'),
        subject: keep('subject'),
        hindi: keep('hindi'),
        english: keep('english'),
      };
    });
  }

  const incomplete = [content.to, content.subject, content.hindi].some((x) => x.trim() === '');

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMissing(incomplete);
    if (incomplete) return;
    setBusy(true);
    const saved = await onSave(template, content);
    setBusy(false);
    if (saved) onCancel();
  }

  return (
    <form className="letter-editor" onSubmit={(e) => void submit(e)}>
      {isNew && (
        <div className="row">
          <label htmlFor={`${ids}-t`}>{t('letters.template')}</label>
          <select
            id={`${ids}-t`}
            value={template}
            onChange={(e) => choose(e.target.value as LetterTemplate, content.reference)}
          >
            {LETTER_TEMPLATES.map((x) => (
              <option key={x} value={x}>
                {t(`letters.template.${x}`)}
              </option>
            ))}
          </select>
        </div>
      )}
      <label htmlFor={`${ids}-r`}>{t('letters.reference')}</label>
      <select
        id={`${ids}-r`}
        value={content.reference ?? ''}
        onChange={(e) => {
          const reference = e.target.value === '' ? null : (e.target.value as RecordId);
          if (isNew) choose(template, reference);
          else set({ reference });
        }}
      >
        <option value="">{t('letters.noReference')}</option>
        {receipts.map((r) => (
          <option key={r.receiptId} value={r.receiptId}>
            {r.diaryNumber} — {r.subject}
          </option>
        ))}
      </select>
      <label htmlFor={`${ids}-to`}>{t('letters.to')}</label>
      <textarea
        id={`${ids}-to`}
        rows={2}
        value={content.to}
        onChange={(e) => set({ to: e.target.value })}
      />
      <label htmlFor={`${ids}-s`}>{t('letters.subject')}</label>
      <input
        id={`${ids}-s`}
        value={content.subject}
        onChange={(e) => set({ subject: e.target.value })}
      />
      <div className="letter-languages">
        <div>
          <label htmlFor={`${ids}-hi`}>{t('letters.hindi')}</label>
          <textarea
            id={`${ids}-hi`}
            lang="hi"
            rows={10}
            value={content.hindi}
            onChange={(e) => set({ hindi: e.target.value })}
          />
        </div>
        <div>
          <label htmlFor={`${ids}-en`}>{t('letters.english')}</label>
          <textarea
            id={`${ids}-en`}
            lang="en"
            rows={10}
            value={content.english}
            onChange={(e) => set({ english: e.target.value })}
          />
        </div>
      </div>
      {/* Said after a save of an incomplete letter, until the letter is complete. */}
      {missing && incomplete && (
        <p role="alert" className="error">
          {t('letters.required')}
        </p>
      )}
      <div className="row">
        <button type="submit" disabled={busy}>
          {t('letters.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('letters.cancel')}
        </button>
      </div>
    </form>
  );
}
