import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { PRIORITIES, type Priority } from '@domain/events.ts';
import { asPersonId } from '@domain/ids.ts';
import type { SendInput } from '@storage/services.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useSignedIn } from '../hooks/useSignedIn.ts';
import { peopleByOffice, personWithDesignation } from '../people.ts';
import type { UiError } from '../errors.ts';
import { ErrorText } from './ErrorText.tsx';

interface Props {
  readonly onSend: (input: SendInput) => Promise<UiError | null>;
  readonly onCancel: () => void;
}

/** The send dialog: `Send to` (people by office), `Remarks`, `Due date`, priority, `Send`. */
export function SendDialog({ onSend, onCancel }: Props) {
  const { t, lang } = useI18n();
  const { deviceContext } = useSignedIn();
  const ids = useId();
  const first = useRef<HTMLSelectElement>(null);
  const [to, setTo] = useState('');
  const [remarks, setRemarks] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [priority, setPriority] = useState<Priority>('normal');
  const [error, setError] = useState<UiError | null>(null);
  const [busy, setBusy] = useState(false);
  const groups = peopleByOffice(deviceContext.directory, deviceContext.person);

  useEffect(() => first.current?.focus(), []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!to) return setError('recipientRequired');
    setBusy(true);
    const failure = await onSend({
      to: asPersonId(to),
      remarks: remarks.trim(),
      dueDate: dueDate || null,
      priority,
    });
    setBusy(false);
    setError(failure);
  }

  return (
    <div className="backdrop">
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${ids}-h`}
        className="dialog"
        onKeyDown={(e) => e.key === 'Escape' && onCancel()}
      >
        <h2 id={`${ids}-h`}>{t('send.title')}</h2>
        <form onSubmit={(e) => void submit(e)} noValidate className="form">
          <label htmlFor={`${ids}-to`}>{t('send.to')}</label>
          <select id={`${ids}-to`} ref={first} value={to} onChange={(e) => setTo(e.target.value)}>
            <option value="">{t('send.choose')}</option>
            {groups.map((g) => (
              <optgroup key={g.officeName.en} label={g.officeName[lang]}>
                {g.people.map((p) => (
                  <option key={p.id} value={p.id}>
                    {personWithDesignation(p, lang)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          <label htmlFor={`${ids}-r`}>{t('send.remarks')}</label>
          <textarea
            id={`${ids}-r`}
            rows={3}
            value={remarks}
            onChange={(e) => setRemarks(e.target.value)}
          />
          <label htmlFor={`${ids}-d`}>{t('send.dueDate')}</label>
          <input
            id={`${ids}-d`}
            type="date"
            value={dueDate}
            onChange={(e) => setDueDate(e.target.value)}
          />
          <label htmlFor={`${ids}-p`}>{t('send.priority')}</label>
          <select
            id={`${ids}-p`}
            value={priority}
            onChange={(e) => setPriority(e.target.value as Priority)}
          >
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`priority.${p}`)}
              </option>
            ))}
          </select>
          <ErrorText error={error} />
          <div className="row">
            <button type="submit" className="primary" disabled={busy}>
              {t('send.submit')}
            </button>
            <button type="button" onClick={onCancel}>
              {t('send.cancel')}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
