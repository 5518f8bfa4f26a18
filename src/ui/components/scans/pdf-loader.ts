import type * as PdfJsModule from 'pdfjs-dist';

/**
 * pdf.js, loaded the first time someone opens a PDF scan (it is large and most
 * sessions never need it). Both chunks — the library and its worker — are
 * emitted as .js files, so the service worker precaches them with the app
 * shell and PDFs open offline too. The worker is started from its URL (Vite
 * bundles `new Worker(new URL(...))` as one file); importing it with `?worker`
 * emitted a second, wrapper chunk under the same name.
 */

type PdfJs = typeof PdfJsModule;

export async function loadPdfJs(): Promise<PdfJs> {
  const pdfjs = await import('pdfjs-dist');
  if (pdfjs.GlobalWorkerOptions.workerPort === null) {
    pdfjs.GlobalWorkerOptions.workerPort = new Worker(
      new URL('pdfjs-dist/build/pdf.worker.min.mjs', import.meta.url),
      { type: 'module' },
    );
  }
  return pdfjs;
}
