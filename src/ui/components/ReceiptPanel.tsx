import { useId, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { asRecordId } from '@domain/ids.ts';
import type { LetterParticulars as Letter, RecordState } from '@domain/record.ts';
import { putReceiptInFile, type PutInFileTarget } from '@storage/services.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useOfficeFiles } from '../hooks/useOfficeFiles.ts';
import { useSignedIn } from '../hooks/useSignedIn.ts';
import { allowedActionsFor } from '../record-actions.ts';
import type { UiError } from '../errors.ts';
import { ErrorText } from './ErrorText.tsx';
import { ReceiptCopies } from './copies/ReceiptCopies.tsx';

/** A receipt's letter particulars, and putting it in a new or an existing file. */
export function ReceiptPanel({ state }: { readonly state: RecordState }) {
  const { t } = useI18n();
  const { letter, inFile } = state;
  return (
    <section aria-label={t('kind.receipt')} className="receipt-panel">
      {letter && <LetterParticulars letter={letter} />}
      <ReceiptCopies state={state} />
      {inFile && (
        <p>
          <Link href={`/r/${inFile.fileId}`}>
            {t('receipt.inFile', { number: inFile.fileNumber })}
          </Link>
        </p>
      )}
      <PutInFile state={state} />
    </section>
  );
}

function PutInFile({ state }: { readonly state: RecordState }) {
  const { t } = useI18n();
  const { deviceContext } = useSignedIn();
  const [, navigate] = useLocation();
  const files = useOfficeFiles();
  const ids = useId();
  const [fileId, setFileId] = useState('');
  const [error, setError] = useState<UiError | null>(null);
  if (!allowedActionsFor(state, deviceContext.person.id, deviceContext.person.role).putInFile)
    return null;

  async function put(target: PutInFileTarget) {
    const outcome = await putReceiptInFile(deviceContext, state.meta.id, target);
    if (outcome.ok) navigate(`/r/${outcome.value.fileId}`);
    else setError(outcome.error);
  }

  const openFiles = (files ?? []).filter((f) => f.status !== 'closed');
  return (
    <div className="put-in-file">
      <button
        type="button"
        onClick={() =>
          void put({ newFile: { subject: state.meta.subject, category: state.meta.category } })
        }
      >
        {t('receipt.putInNewFile')}
      </button>
      {openFiles.length > 0 && (
        <div className="row">
          <label htmlFor={`${ids}-f`}>{t('receipt.existingFile')}</label>
          <select id={`${ids}-f`} value={fileId} onChange={(e) => setFileId(e.target.value)}>
            <option value="">{t('send.choose')}</option>
            {openFiles.map((f) => (
              <option key={f.id} value={f.id}>
                {f.number} — {f.subject}
              </option>
            ))}
          </select>
          <button
            type="button"
            disabled={!fileId}
            onClick={() => void put({ fileId: asRecordId(fileId) })}
          >
            {t('receipt.putInExistingFile')}
          </button>
        </div>
      )}
      <ErrorText error={error} />
    </div>
  );
}

/** "Letter 412 dated 2 Apr 2026 from … (Post)": on the receipt and beside its file's note sheet. */
export function LetterParticulars({ letter }: { readonly letter: Letter }) {
  const { t, formatIsoDate } = useI18n();
  return (
    <p className="letter">
      {t('receipt.letter', {
        letterNumber: letter.letterNumber,
        letterDate: formatIsoDate(letter.letterDate),
        from: letter.from,
        mode: t(`mode.${letter.mode}`),
      })}
    </p>
  );
}
