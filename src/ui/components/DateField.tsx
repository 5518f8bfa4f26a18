import { useRef, useState } from 'react';
import { isIsoDate } from '@domain/calendar.ts';
import { dateFieldText, dateFieldValue } from '../date-text.ts';
import { useI18n } from '../hooks/useI18n.ts';

interface Props {
  /** The id its label points at (the typed field's). */
  readonly id: string;
  /** `YYYY-MM-DD`, '' for none, or text typed that is not a date. */
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** The earliest date the calendar offers, `YYYY-MM-DD`. */
  readonly min?: string;
  readonly disabled?: boolean;
  readonly required?: boolean;
  /** The form found the date wrong (e.g. before today): said by the text `describedBy` names. */
  readonly invalid?: boolean;
  readonly describedBy?: string;
  /**
   * The form's submit button brings the person back to this field when its date is none (the
   * form focuses it): leaving the field for that button, its message does not also announce
   * itself as it appears, as it is read there, as the field's description.
   */
  readonly backOnSubmit?: boolean;
}

/**
 * A date as offices write it, day-month-year (`18-11-2026`), in both languages:
 * Chromium's own date field follows the browser's language, not the page's, and
 * showed a Hindi page mm/dd/yyyy. Typed with the number keys (`-`, `/`, `.` or
 * nothing between), or chosen from the device's own calendar by the button
 * beside it. Text that is no date stays as typed, said so when the person
 * leaves the field or presses Enter in it, and still when the form sends the person back
 * to it, until they type there again; it reaches the form as itself, not as "no date".
 * The message is announced as it appears (an alert) but not while the person is in the
 * field, where it is read as its description: not twice.
 */
export function DateField(props: Props) {
  const { id, value, onChange, min, disabled, required, invalid, describedBy, backOnSubmit } =
    props;
  const { t } = useI18n();
  const calendar = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(() => dateFieldText(value));
  const [editing, setEditing] = useState(false);
  // The message is read as the field's description, so it is not also an alert.
  const [quiet, setQuiet] = useState(false);
  // A value set from outside (a kept draft, a template, a calendar choice) is shown.
  if (dateFieldValue(text) !== value) setText(dateFieldText(value));
  const wrong = value !== '' && !isIsoDate(value) && !editing;
  const help = `${id}-format`;

  function openCalendar() {
    const input = calendar.current;
    if (input === null) return;
    try {
      input.showPicker();
    } catch {
      // A browser without showPicker, or one that refuses it now: the field is still typed.
      input.focus();
    }
  }

  return (
    <span className="date-field">
      <input
        id={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder={t('date.placeholder')}
        value={text}
        disabled={disabled}
        required={required}
        aria-invalid={wrong || invalid || undefined}
        aria-describedby={[describedBy, wrong ? help : null].filter(Boolean).join(' ') || undefined}
        onFocus={() => setQuiet(true)}
        onBlur={(e) => {
          setQuiet(backOnSubmit === true && isSubmitOf(e.relatedTarget, e.currentTarget.form));
          setEditing(false);
          setText(dateFieldText(value));
        }}
        // Enter sends the form without leaving the field: what is wrong is said then too.
        onKeyDown={(e) => {
          if (e.key !== 'Enter') return;
          // The person stays here: the message appearing is all that says it.
          setQuiet(false);
          setEditing(false);
          setText(dateFieldText(value));
        }}
        onChange={(e) => {
          setEditing(true);
          setText(e.target.value);
          onChange(dateFieldValue(e.target.value));
        }}
      />
      <button
        type="button"
        className="date-calendar"
        aria-label={t('date.calendar')}
        title={t('date.calendar')}
        disabled={disabled}
        onClick={openCalendar}
      >
        <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
          <path
            fill="currentColor"
            d="M7 2h2v2h6V2h2v2h3v18H4V4h3V2zm-1 8v10h12V10H6zm2 2h3v3H8v-3z"
          />
        </svg>
      </button>
      <input
        ref={calendar}
        type="date"
        className="date-calendar-input"
        tabIndex={-1}
        aria-hidden="true"
        value={isIsoDate(value) ? value : ''}
        min={min}
        disabled={disabled}
        onChange={(e) => {
          if (isIsoDate(e.target.value)) onChange(e.target.value);
        }}
      />
      {wrong && (
        <span id={help} role={quiet ? undefined : 'alert'} className="error date-wrong">
          {t('date.wrong', { text: value })}
        </span>
      )}
    </span>
  );
}

/** `target` (what focus went to) is a submit button of `form`. */
function isSubmitOf(target: EventTarget | null, form: HTMLFormElement | null): boolean {
  return (
    form !== null &&
    target instanceof HTMLButtonElement &&
    target.type === 'submit' &&
    target.form === form
  );
}
