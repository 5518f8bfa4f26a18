import { Link } from 'wouter';
import type { AttachedReceipt } from '@domain/record.ts';
import { useI18n } from '../hooks/useI18n.ts';

/** The correspondence side of a file: receipts put in it. */
export function Correspondence({ receipts }: { readonly receipts: readonly AttachedReceipt[] }) {
  const { t, formatDate } = useI18n();
  return (
    <section aria-label={t('file.correspondence')} className="correspondence">
      <h2>{t('file.correspondence')}</h2>
      {receipts.length === 0 ? (
        <p className="empty">{t('file.noReceipts')}</p>
      ) : (
        <ul>
          {receipts.map((r) => (
            <li key={r.receiptId}>
              <Link href={`/r/${r.receiptId}`}>{r.diaryNumber}</Link> — {r.subject} ·{' '}
              {formatDate(r.at)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
