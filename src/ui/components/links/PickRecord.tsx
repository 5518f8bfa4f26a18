import { useId, useRef, useState } from 'react';
import { textMatcher } from '@domain/search-words.ts';
import type { RecordSummary } from '@storage/services.ts';
import type { UiError } from '../../errors.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { ErrorText } from '../ErrorText.tsx';

export interface PickRecordText {
  readonly button: string;
  readonly hint: string;
  readonly find: string;
  readonly none: string;
  readonly noMatch: string;
  readonly short: string;
  readonly one: (number: string) => string;
}

/**
 * A button that opens a searchable list of records (number — subject), each
 * with a button that picks it: `Link file` and `Attach file` on a file page.
 * `offered` is undefined while loading; what is typed narrows it by number or
 * subject. `pick` answers an error to show, or null (then the list closes).
 * Focus goes back to the button when the list closes (a pick, Escape), so it
 * is not lost with the list's buttons.
 */
export function PickRecord({
  text,
  offered,
  onOpen,
  pick,
}: {
  readonly text: PickRecordText;
  readonly offered: readonly RecordSummary[] | undefined;
  readonly onOpen: (open: boolean) => void;
  readonly pick: (r: RecordSummary) => Promise<UiError | null>;
}) {
  const { t } = useI18n();
  const ids = useId();
  const [open, setOpen] = useState(false);
  const [find, setFind] = useState('');
  const [error, setError] = useState<UiError | null>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const needle = find.trim();
  const matches = textMatcher(needle);
  const shown = (offered ?? []).filter((r) => matches(r.searchText));
  const toggle = (next: boolean) => {
    setOpen(next);
    onOpen(next);
    if (!next) setFind('');
  };
  async function choose(r: RecordSummary) {
    const problem = await pick(r);
    setError(problem);
    if (problem === null) close();
  }
  function close() {
    toggle(false);
    opener.current?.focus();
  }
  return (
    <div className="pick-record">
      <button
        ref={opener}
        type="button"
        aria-expanded={open}
        aria-controls={`${ids}-panel`}
        onClick={() => toggle(!open)}
      >
        {text.button}
      </button>
      {open && (
        <div
          id={`${ids}-panel`}
          className="form"
          onKeyDown={(e) => {
            if (e.key === 'Escape') close();
          }}
        >
          <p className="hint">{text.hint}</p>
          <label htmlFor={`${ids}-find`}>{text.find}</label>
          <input
            id={`${ids}-find`}
            type="search"
            value={find}
            onChange={(e) => setFind(e.target.value)}
          />
          {offered === undefined ? (
            <p>{t('app.loading')}</p>
          ) : shown.length === 0 ? (
            <p className="empty">{needle === '' ? text.none : text.noMatch}</p>
          ) : (
            <ul aria-label={text.button} className="attach-list">
              {shown.map((r) => (
                <li key={r.id}>
                  <span>
                    {r.number} — {r.subject}
                  </span>
                  <button
                    type="button"
                    aria-label={text.one(r.number)}
                    onClick={() => void choose(r)}
                  >
                    {text.short}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <ErrorText error={error} />
    </div>
  );
}
