import { useId, useState, type FormEvent } from 'react';
import { isIsoDate } from '@domain/calendar.ts';
import { DISPATCH_MODES, type DispatchMode } from '@domain/events.ts';
import type { DispatchInput } from '@storage/services.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { DateField } from '../DateField.tsx';

interface Props {
  /** Today (IST, `YYYY-MM-DD`): the date offered. */
  readonly today: string;
  readonly onDispatch: (input: DispatchInput) => Promise<void>;
  readonly onCancel: () => void;
}

/** The dispatch dialog: `Dispatch mode`, `Dispatch date`, `Dispatch`. */
export function DispatchDialog({ today, onDispatch, onCancel }: Props) {
  const { t } = useI18n();
  const ids = useId();
  const [mode, setMode] = useState<DispatchMode>('post');
  const [date, setDate] = useState(today);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    // The field says what is wrong with a date that is none.
    if (!isIsoDate(date)) return;
    setBusy(true);
    await onDispatch({ mode, date });
    setBusy(false);
  }

  return (
    <form
      className="dispatch-dialog"
      aria-label={t('letters.dispatchDialog')}
      onSubmit={(e) => void submit(e)}
    >
      <label htmlFor={`${ids}-m`}>{t('letters.dispatchMode')}</label>
      <select
        id={`${ids}-m`}
        value={mode}
        onChange={(e) => setMode(e.target.value as DispatchMode)}
      >
        {DISPATCH_MODES.map((m) => (
          <option key={m} value={m}>
            {t(`letters.mode.${m}`)}
          </option>
        ))}
      </select>
      <label htmlFor={`${ids}-d`}>{t('letters.dispatchDate')}</label>
      <DateField id={`${ids}-d`} required value={date} onChange={setDate} />
      <div className="row">
        <button type="submit" disabled={busy}>
          {t('letters.dispatch')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('letters.cancel')}
        </button>
      </div>
    </form>
  );
}
