import { Link } from 'wouter';
import type { RecordId } from '@domain/ids.ts';
import { correspondenceFlags } from '@domain/note-references.ts';
import type { AttachedReceipt, RecordState } from '@domain/record.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { receiptAnchor } from './NotingText.tsx';
import { LetterParticulars } from './ReceiptPanel.tsx';
import { ScanContent } from './scans/ScanContent.tsx';

interface Props {
  readonly receipts: readonly AttachedReceipt[];
  /** The receipts' states where this device has them: letter particulars and scans. */
  readonly states: ReadonlyMap<RecordId, RecordState>;
}

/**
 * The `Correspondence` side of a file: each receipt put in it, with its letter's
 * particulars and its scans drawn in place, so on a landscape tablet the letter
 * is read beside the note sheet (as in eOffice) without opening it. Each carries
 * its flag (PUC, FR I, …) and is where a noting's reference to it leads.
 */
export function Correspondence({ receipts, states }: Props) {
  const { t } = useI18n();
  const flags = correspondenceFlags(receipts);
  return (
    <section aria-label={t('file.correspondence')} className="correspondence">
      <h2>{t('file.correspondence')}</h2>
      {receipts.length === 0 ? (
        <p className="empty">{t('file.noReceipts')}</p>
      ) : (
        <ol className="receipts">
          {receipts.map((r, i) => (
            <ReceiptItem
              key={r.receiptId}
              receipt={r}
              flag={flags[i]?.flag ?? ''}
              state={states.get(r.receiptId)}
            />
          ))}
        </ol>
      )}
    </section>
  );
}

function ReceiptItem({
  receipt,
  flag,
  state,
}: {
  readonly receipt: AttachedReceipt;
  /** Its flag in the file (PUC, FR I, …), as notings refer to it. */
  readonly flag: string;
  readonly state: RecordState | undefined;
}) {
  const { formatDate } = useI18n();
  const letter = state?.letter ?? null;
  return (
    <li className="receipt" id={receiptAnchor(receipt.receiptId)}>
      <p>
        <strong className="flag">{flag}</strong>{' '}
        <Link href={`/r/${receipt.receiptId}`}>{receipt.diaryNumber}</Link> — {receipt.subject} ·{' '}
        {formatDate(receipt.at)}
      </p>
      {letter && <LetterParticulars letter={letter} />}
      {state?.attachments.map((scan) => (
        <figure key={scan.sha256} className="scan-in-place">
          <figcaption>{scan.name}</figcaption>
          <ScanContent recordId={receipt.receiptId} scan={scan} inline />
        </figure>
      ))}
    </li>
  );
}
