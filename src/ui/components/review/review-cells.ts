import { AGE_BUCKETS } from '@domain/pendency.ts';
import type { ReviewCell, ReviewRow } from '@domain/review.ts';
import type { Translator } from '@i18n/translate.ts';
import { BUCKET_KEYS } from '../../hooks/useReviewText.ts';

/** The count columns of the person and office tables, in order, and their headings. */
export const COUNT_CELLS: readonly ReviewCell[] = [
  ...AGE_BUCKETS,
  'overdue',
  'total',
  'unverified',
  'lettersAwaitingApproval',
  'lettersApproved',
];

export function countOf(row: ReviewRow<string>, cell: ReviewCell): number {
  if (cell === 'total') return row.total;
  if (cell === 'overdue') return row.overdue;
  if (cell === 'unverified') return row.unverified;
  if (cell === 'lettersAwaitingApproval') return row.letters.awaitingApproval;
  if (cell === 'lettersApproved') return row.letters.approvedNotDispatched;
  return row.byAge[cell];
}

export function cellHeading({ t }: Pick<Translator, 't'>, cell: ReviewCell): string {
  if (cell === 'total') return t('review.total');
  if (cell === 'overdue') return t('review.overdue');
  if (cell === 'unverified') return t('review.unverified');
  if (cell === 'lettersAwaitingApproval') return t('review.lettersAwaitingApproval');
  if (cell === 'lettersApproved') return t('review.lettersApproved');
  return t(BUCKET_KEYS[cell]);
}
