import type * as PdfJsModule from 'pdfjs-dist';

/**
 * pdf.js, loaded the first time someone opens a PDF scan (it is large and most
 * sessions never need it). Both chunks — the library and its worker — are
 * emitted as .js files, so the service worker precaches them with the app
 * shell and PDFs open offline too.
 */

type PdfJs = typeof PdfJsModule;

export async function loadPdfJs(): Promise<PdfJs> {
  const [pdfjs, worker] = await Promise.all([
    import('pdfjs-dist'),
    import('pdfjs-dist/build/pdf.worker.min.mjs?worker'),
  ]);
  if (pdfjs.GlobalWorkerOptions.workerPort === null) {
    pdfjs.GlobalWorkerOptions.workerPort = new worker.default();
  }
  return pdfjs;
}
