import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { isIsoDate, istDate } from '@domain/calendar.ts';
import { PRIORITIES, type Priority } from '@domain/events.ts';
import type { RecordState } from '@domain/record.ts';
import { asPersonId, type RecordId } from '@domain/ids.ts';
import { sendFormName, type SendInput } from '@storage/services.ts';
import { useEnv } from '../hooks/useEnv.ts';
import { useFormDraft } from '../hooks/useFormDraft.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useSignedIn } from '../hooks/useSignedIn.ts';
import { peopleByOffice } from '../people.ts';
import type { UiError } from '../errors.ts';
import { DateField } from './DateField.tsx';
import { ErrorText } from './ErrorText.tsx';
import { PersonOptions } from './PersonOptions.tsx';
import { CopyToPicker } from './copies/CopyToPicker.tsx';

const EMPTY = { to: '', remarks: '', dueDate: '', priority: 'normal', copyTo: '' };
const ALLOWED = { priority: PRIORITIES };

interface Props {
  /** The record being sent; a half-filled dialog is kept as my form draft for it. */
  readonly recordId: RecordId;
  /** Its priority and due date now: sent on as they are unless the sender changes them. */
  readonly current: Pick<RecordState, 'priority' | 'dueDate'>;
  /**
   * Files offer `Copy to` (people who receive it for information); receipts
   * `Also send to` (more people, each sent a copy of their own to act on).
   */
  readonly copies: 'copyTo' | 'alsoTo';
  readonly onSend: (input: SendInput) => Promise<UiError | null>;
  readonly onCancel: () => void;
}

/**
 * The send dialog: `Send to` (name, designation and office, grouped by office:
 * several people share a designation), for a file `Copy to` (several people,
 * for information), `Remarks`, `Due date` and priority (both as the file has
 * them now), `Send`. The copies are kept with the form draft, one username
 * after another.
 */
export function SendDialog({ recordId, current, copies, onSend, onCancel }: Props) {
  const { t } = useI18n();
  const { deviceContext } = useSignedIn();
  const { now } = useEnv();
  const ids = useId();
  const first = useRef<HTMLSelectElement>(null);
  const [initial] = useState<typeof EMPTY>(() => ({
    ...EMPTY,
    dueDate: current.dueDate ?? '',
    priority: current.priority,
  }));
  const draft = useFormDraft(sendFormName(recordId), initial, ALLOWED);
  const { to, remarks, dueDate } = draft.values;
  const priority = draft.values.priority as Priority;
  // What is wrong with a field, said beside it; `error`: why sending failed.
  const [problems, setProblems] = useState<Problems>({});
  // The field Send took the person to: its problem is read there, as its description, so
  // it is not also an alert (said twice); the other field's is, and so is the problem of a
  // field the person was already in (Enter in the date): focus did not move, nothing is read.
  const [focused, setFocused] = useState<keyof Problems | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [busy, setBusy] = useState(false);
  const groups = peopleByOffice(deviceContext.directory, deviceContext.person);
  // Who holds the file is not also sent a copy of it.
  const copyTo = draft.values.copyTo
    .split(' ')
    .filter((id) => id !== '' && id !== to)
    .map(asPersonId);

  useEffect(() => first.current?.focus(), []);

  // Cancelling abandons the dialog on purpose: its kept values go too.
  function cancel() {
    void draft.clear();
    onCancel();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    // Every problem at once, each beside its field, the first one focused: one at a time
    // had the person fix the recipient, tap Send, and only then hear of the date.
    const found: Problems = {
      ...(to === '' && { to: 'recipientRequired' }),
      ...(isPastDueDate(dueDate, current.dueDate, istDate(now())) && { due: 'dueDatePast' }),
    };
    // The date field says itself what is wrong with a date that is none.
    const notADate = dueDate !== '' && !isIsoDate(dueDate);
    setProblems(found);
    setError(null);
    if (found.to || found.due || notADate) {
      const field = found.to ? 'to' : 'due';
      const element = document.getElementById(field === 'to' ? `${ids}-to` : `${ids}-d`);
      setFocused(element === document.activeElement ? null : field);
      element?.focus();
      return;
    }
    setBusy(true);
    const failure = await onSend({
      to: asPersonId(to),
      remarks: remarks.trim(),
      dueDate: dueDate || null,
      priority,
      ...(copyTo.length > 0 && (copies === 'copyTo' ? { copyTo } : { alsoTo: copyTo })),
    });
    if (failure === null) await draft.clear();
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
        onKeyDown={(e) => e.key === 'Escape' && cancel()}
      >
        <h2 id={`${ids}-h`}>{t('send.title')}</h2>
        <form onSubmit={(e) => void submit(e)} noValidate className="form">
          <label htmlFor={`${ids}-to`}>{t('send.to')}</label>
          <select
            id={`${ids}-to`}
            ref={first}
            value={to}
            aria-invalid={problems.to ? true : undefined}
            aria-describedby={problems.to ? `${ids}-te` : undefined}
            onChange={(e) => {
              draft.set({ to: e.target.value });
              // "Choose a recipient" is answered once one is chosen; it must not stay on.
              if (e.target.value !== '') setProblems(({ due }) => (due ? { due } : {}));
            }}
          >
            <option value="">{t('send.choose')}</option>
            <PersonOptions groups={groups} />
          </select>
          {problems.to && (
            <ErrorText id={`${ids}-te`} error={problems.to} alert={focused !== 'to'} />
          )}
          {
            <CopyToPicker
              purpose={copies}
              groups={groups}
              directory={deviceContext.directory}
              chosen={copyTo}
              recipient={to === '' ? null : asPersonId(to)}
              onChange={(chosen) => draft.set({ copyTo: chosen.join(' ') })}
            />
          }
          <label htmlFor={`${ids}-r`}>{t('send.remarks')}</label>
          <textarea
            id={`${ids}-r`}
            rows={3}
            value={remarks}
            onChange={(e) => draft.set({ remarks: e.target.value })}
          />
          <label htmlFor={`${ids}-d`}>{t('send.dueDate')}</label>
          <DateField
            id={`${ids}-d`}
            value={dueDate}
            min={istDate(now())}
            invalid={problems.due !== undefined}
            describedBy={problems.due ? `${ids}-de` : undefined}
            // With a recipient chosen, Send takes the person to a date that is none.
            backOnSubmit={to !== ''}
            onChange={(d) => {
              draft.set({ dueDate: d });
              // Like "Choose a recipient": a date changed is no longer the one refused.
              setProblems(({ to: missing }) => (missing ? { to: missing } : {}));
            }}
          />
          {problems.due && (
            <ErrorText id={`${ids}-de`} error={problems.due} alert={focused !== 'due'} />
          )}
          <label htmlFor={`${ids}-p`}>{t('send.priority')}</label>
          <select
            id={`${ids}-p`}
            value={priority}
            onChange={(e) => draft.set({ priority: e.target.value })}
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
            <button type="button" onClick={cancel}>
              {t('send.cancel')}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}

/** The dialog's own checks, each said beside its field. */
interface Problems {
  readonly to?: 'recipientRequired';
  readonly due?: 'dueDatePast';
}

/**
 * A due date that may not be sent: one before `today` (IST, as overdue is
 * reckoned: calendar.ts) that the sender typed or chose here. The file's own
 * due date, prefilled, is sent on unchanged even when it has passed: an overdue
 * file must still move, and refusing it would force a new date nobody asked for.
 */
function isPastDueDate(dueDate: string, current: string | null, today: string): boolean {
  return dueDate !== '' && dueDate !== current && dueDate < today;
}
