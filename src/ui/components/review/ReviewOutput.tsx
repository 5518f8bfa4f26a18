import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import type { ReviewReport } from '@domain/review.ts';
import { csvFileName } from '../../review/csv.ts';
import { printModel } from '../../review/print-model.ts';
import { printLabels, useReviewText } from '../../hooks/useReviewText.ts';
import { useEnv } from '../../hooks/useEnv.ts';
import { useI18n } from '../../hooks/useI18n.ts';
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
  const [printing, setPrinting] = useState(false);

  useEffect(() => {
    const before = () => flushSync(() => setPrinting(true));
    const after = () => setPrinting(false);
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    return () => {
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
    };
  }, []);

  const print = () => {
    // window.print blocks until the dialog closes; the report must be in the DOM first.
    flushSync(() => setPrinting(true));
    window.print();
    setPrinting(false);
  };
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
