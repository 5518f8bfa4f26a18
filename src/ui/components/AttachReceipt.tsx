import { useId, useRef, useState } from 'react';
import type { RecordState } from '@domain/record.ts';
import { textMatcher } from '@domain/search-words.ts';
import { putReceiptInFile, type RecordSummary } from '@storage/services.ts';
import { useInbox } from '../hooks/useInbox.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useSignedIn } from '../hooks/useSignedIn.ts';
import { allowedActionsFor } from '../record-actions.ts';
import type { UiError } from '../errors.ts';
import { ErrorText } from './ErrorText.tsx';

/** What a receipt is found by in the list: its diary number, subject and sender. */
const haystack = (r: RecordSummary): string => `${r.number} ${r.subject} ${r.letterFrom ?? ''}`;

/**
 * `Attach receipt` on a file I hold (issue 17): the receipts I hold that are in
 * no file yet, the latest received first, narrowed by what I type; `Attach`
 * puts one into this file (the same command as the receipt's Put in file), then
 * the list closes and says which receipt was attached (it shows in
 * Correspondence); the button opens it again for the next one.
 */
export function AttachReceipt({ state }: { readonly state: RecordState }) {
  const { t, formatDate } = useI18n();
  const { deviceContext } = useSignedIn();
  const me = deviceContext.person.id;
  const ids = useId();
  const [open, setOpen] = useState(false);
  const may = allowedActionsFor(state, me, deviceContext.person.role).note;
  // Read when the list is opened, not with every file's page (a tehsildar holds thousands).
  const mine = useInbox('withMe', open && may);
  const [find, setFind] = useState('');
  const [error, setError] = useState<UiError | null>(null);
  const [attached, setAttached] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  if (!may) return null;

  const needle = find.trim();
  const matches = textMatcher(needle);
  const receipts = (mine ?? [])
    .filter((r) => r.kind === 'receipt' && r.inFile === null)
    .filter((r) => matches(haystack(r)))
    .sort((a, b) => b.holderSince - a.holderSince);

  async function attach(receipt: RecordSummary) {
    const outcome = await putReceiptInFile(deviceContext, receipt.id, { fileId: state.meta.id });
    if (!outcome.ok) return setError(outcome.error);
    setError(null);
    setOpen(false);
    setFind('');
    setAttached(receipt.number);
    button.current?.focus();
  }

  return (
    <div className="attach-receipt">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={`${ids}-panel`}
        onClick={() => {
          setOpen(!open);
          setAttached(null);
        }}
      >
        {t('attach.button')}
      </button>
      <p role="status" className="attach-done">
        {attached !== null && t('attach.done', { number: attached })}
      </p>
      {open && (
        <div id={`${ids}-panel`} className="form">
          <label htmlFor={`${ids}-find`}>{t('attach.find')}</label>
          <input
            id={`${ids}-find`}
            type="search"
            value={find}
            onChange={(e) => setFind(e.target.value)}
          />
          {mine === undefined ? (
            <p>{t('app.loading')}</p>
          ) : receipts.length === 0 ? (
            <p className="empty">{needle === '' ? t('attach.none') : t('attach.noMatch')}</p>
          ) : (
            <ul aria-label={t('attach.button')} className="attach-list">
              {receipts.map((r) => (
                <li key={r.id}>
                  <span>
                    {r.number} — {r.subject}
                    {r.letterFrom !== null && (
                      <> · {t('attach.from', { from: r.letterFrom })}</>
                    )} · {formatDate(r.holderSince)}
                  </span>
                  <button
                    type="button"
                    aria-label={t('attach.one', { number: r.number })}
                    onClick={() => void attach(r)}
                  >
                    {t('attach.short')}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <ErrorText error={error} />
        </div>
      )}
    </div>
  );
}
