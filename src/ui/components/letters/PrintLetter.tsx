import { useEffect, useState } from 'react';
import { createPortal, flushSync } from 'react-dom';
import { letterQrPayload } from '@doc/letter-qr.ts';
import type { RecordId } from '@domain/ids.ts';
import { approvedLetter, type DraftLetter } from '@domain/letters.ts';
import type { RecordState } from '@domain/record.ts';
import { letterApprovalQuery } from '@storage/services.ts';
import { useEnv } from '../../hooks/useEnv.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { PRINT_JOB } from '../../hooks/usePrinting.ts';
import { LetterPaper, type LetterSealView } from './LetterPaper.tsx';
import { qrMatrix } from './qr-matrix.ts';
import './letter-print.css';

interface Props {
  readonly state: RecordState;
  readonly draft: DraftLetter;
  readonly receiptStates: ReadonlyMap<RecordId, RecordState>;
}

/**
 * `Print letter` on an approved letter. The QR code needs the stored approval
 * event and the lazily loaded encoder, so the paper is made first and then
 * printed from this button only (not from the browser's own print command,
 * which prints the note sheet); it is put under <body> until the browser says
 * printing is over, and the print stylesheet hides everything else.
 */
export function PrintLetter({ state, draft, receiptStates }: Props) {
  const { t } = useI18n();
  const { db } = useEnv();
  const [seal, setSeal] = useState<LetterSealView | null | undefined>(undefined);
  const letter = approvedLetter(state.meta.id, draft);

  useEffect(() => {
    if (seal === undefined) return;
    const done = () => {
      delete document.body.dataset[PRINT_JOB];
      setSeal(undefined);
    };
    // The paper is in the page now: the print dialog lays it out.
    document.body.dataset[PRINT_JOB] = 'letter';
    window.addEventListener('afterprint', done, { once: true });
    window.print();
    return () => {
      window.removeEventListener('afterprint', done);
      delete document.body.dataset[PRINT_JOB];
    };
  }, [seal]);

  if (letter === null) return null;
  const print = async () => {
    const approval = await letterApprovalQuery(db, state.meta.id, letter.approvalEventId);
    const key = approval?.key;
    const next =
      approval === null || key === undefined || approval.sig === undefined
        ? null
        : { matrix: await qrMatrix(letterQrPayload(state.meta.id, approval)), keyId: key };
    flushSync(() => setSeal(next));
  };
  return (
    <>
      <button type="button" onClick={() => void print()}>
        {t('letterPrint.button')}
      </button>
      {seal !== undefined &&
        createPortal(
          <LetterPaper
            state={state}
            letter={letter}
            dispatch={draft.dispatch}
            receiptStates={receiptStates}
            seal={seal}
          />,
          document.body,
        )}
    </>
  );
}
