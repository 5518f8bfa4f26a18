import devanagariUrl from '@fontsource/noto-sans-devanagari/files/noto-sans-devanagari-devanagari-400-normal.woff?url';
import latinUrl from '@fontsource/noto-sans-devanagari/files/noto-sans-devanagari-latin-400-normal.woff?url';
import type { PdfDocConstructor, PdfFonts } from './pdf-writer.ts';

/**
 * pdfkit's browser build and the two font files, fetched the first time a file
 * is exported. All three are emitted as assets the service worker precaches
 * (vite.config.ts), so a tablet exports with no network.
 */

export async function loadBrowserPdf(
  fetchFn: typeof fetch,
): Promise<{ readonly Pdf: PdfDocConstructor; readonly fonts: PdfFonts }> {
  const bytes = async (url: string): Promise<Uint8Array> =>
    new Uint8Array(await (await fetchFn(url)).arrayBuffer());
  const [pdfkit, devanagari, latin] = await Promise.all([
    import('pdfkit/js/pdfkit.standalone.js'),
    bytes(devanagariUrl),
    bytes(latinUrl),
  ]);
  return { Pdf: pdfkit.default as PdfDocConstructor, fonts: { devanagari, latin } };
}
