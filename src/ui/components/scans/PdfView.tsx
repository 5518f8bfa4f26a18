import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../hooks/useI18n.ts';
import { loadPdfJs } from './pdf-loader.ts';

/** A PDF scan, one page at a time, drawn by pdf.js on a canvas. */

type Doc = Awaited<ReturnType<Awaited<ReturnType<typeof loadPdfJs>>['getDocument']>['promise']>;

export function PdfView({ data, name }: { readonly data: Uint8Array; readonly name: string }) {
  const { t } = useI18n();
  const [doc, setDoc] = useState<Doc | null>(null);
  const [page, setPage] = useState(1);
  const [failed, setFailed] = useState(false);
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    let cancelled = false;
    let opened: Doc | null = null;
    void loadPdfJs()
      // pdf.js takes ownership of the buffer it is given, so it gets a copy.
      .then((pdfjs) => pdfjs.getDocument({ data: data.slice() }).promise)
      .then(
        (d) => {
          opened = d;
          if (!cancelled) setDoc(d);
        },
        () => !cancelled && setFailed(true),
      );
    return () => {
      cancelled = true;
      void opened?.destroy();
    };
  }, [data]);

  useEffect(() => {
    const target = canvas.current;
    if (doc === null || target === null) return;
    // A page turn can outrun getPage: a stale page must not start drawing on the
    // canvas the new one draws on (pdf.js refuses two renders on one canvas).
    let cancelled = false;
    let task: { cancel(): void; promise: Promise<void> } | null = null;
    void doc.getPage(page).then((p) => {
      if (cancelled) return;
      const viewport = p.getViewport({ scale: 1.5 });
      target.width = viewport.width;
      target.height = viewport.height;
      task = p.render({ canvas: target, viewport });
      // A cancelled render rejects; that is expected, not an error.
      task.promise.catch(() => undefined);
    });
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [doc, page]);

  if (failed) return <p role="alert">{t('scan.error.unreadable')}</p>;
  if (doc === null) return <p>{t('scan.pdfLoading')}</p>;
  return (
    <div className="pdf-view">
      <p>{t('scan.pdfPage', { page, count: doc.numPages })}</p>
      <div className="zoom-controls">
        <button
          type="button"
          aria-label={t('scan.prevPage')}
          disabled={page <= 1}
          onClick={() => setPage(page - 1)}
        >
          ‹
        </button>
        <button
          type="button"
          aria-label={t('scan.nextPage')}
          disabled={page >= doc.numPages}
          onClick={() => setPage(page + 1)}
        >
          ›
        </button>
      </div>
      <canvas ref={canvas} aria-label={name} role="img" />
    </div>
  );
}
