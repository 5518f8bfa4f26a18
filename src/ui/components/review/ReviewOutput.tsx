import type { ReviewReport } from '@domain/review.ts';
import { csvFileName } from '../../review/csv.ts';
import { printModel } from '../../review/print-model.ts';
import { printLabels, useReviewText } from '../../hooks/useReviewText.ts';
import { useEnv } from '../../hooks/useEnv.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { usePrinting } from '../../hooks/usePrinting.ts';
import { PrintReport } from './PrintReport.tsx';
import { reviewCsv } from './review-csv.ts';
import './pendency-print.css';

/**
 * Review-meeting output: `Print` (the A4 report, laid out by the print
 * stylesheet) and `Export CSV` (UTF-8 with BOM, through the injected download).
 * The print report is put in the page only while the browser prints, whether
 * from the button or the browser's own print command.
 */
export function ReviewOutput({ report }: { readonly report: ReviewReport }) {
  const { t, lang } = useI18n();
  const { download } = useEnv();
  const { labels, names } = useReviewText();
  const { printing, print } = usePrinting();
  const exportCsv = () =>
    download?.(csvFileName('pendency', report.today), reviewCsv(report, labels, names));

  return (
    <div className="review-output">
      <button type="button" onClick={print}>
        {t('review.print')}
      </button>
      {download && (
        <button type="button" onClick={exportCsv}>
          {t('review.exportCsv')}
        </button>
      )}
      {printing && <PrintReport model={printModel(report, printLabels(labels, lang), names)} />}
    </div>
  );
}
