import { Link } from 'wouter';
import type { RecordState } from '@domain/record.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { useSignedIn } from '../../hooks/useSignedIn.ts';
import { personName } from '../../people.ts';

/**
 * A receipt sent to several people (decision 0009): a copy links to the receipt
 * it was copied from; the original lists the copies made and to whom.
 */
export function ReceiptCopies({ state }: { readonly state: RecordState }) {
  const { t, lang } = useI18n();
  const { directory } = useSignedIn().deviceContext;
  const { copyOf, receiptCopies } = state;
  return (
    <>
      {copyOf && (
        <p>
          <Link href={`/r/${copyOf.receipt}`}>{t('copy.copyOf', { number: copyOf.number })}</Link>
        </p>
      )}
      {receiptCopies.length > 0 && (
        <section aria-label={t('copy.copiesMade')}>
          <h2>{t('copy.copiesMade')}</h2>
          <ul>
            {receiptCopies.map((c) => (
              <li key={c.receipt}>
                <Link href={`/r/${c.receipt}`}>
                  {t('copy.copyMadeFor', {
                    number: c.number,
                    name: personName(directory, c.to, lang),
                  })}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
