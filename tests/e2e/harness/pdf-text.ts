// What a printed PDF says, read the way a person reads the paper: each sheet's
// text (pdf.js, as in the app's scan viewer) and where each piece of text sits,
// so a test can check that nothing is cut short or printed off the sheet.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfTextItem {
  readonly str: string;
  /** Left and right edges, and the baseline, in PDF points from the sheet's bottom-left. */
  readonly left: number;
  readonly right: number;
  readonly baseline: number;
}

export interface PdfSheet {
  readonly width: number;
  readonly height: number;
  /** The sheet's text in reading order, runs joined and white space collapsed to single spaces. */
  readonly text: string;
  readonly items: readonly PdfTextItem[];
}

export async function readPdf(pdf: Uint8Array): Promise<PdfSheet[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise;
  const sheets: PdfSheet[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const [, , width, height] = page.view;
    const content = await page.getTextContent();
    const items: PdfTextItem[] = [];
    let text = '';
    for (const item of content.items) {
      if (!('str' in item)) continue;
      const left = item.transform[4] as number;
      items.push({ str: item.str, left, right: left + item.width, baseline: item.transform[5] });
      text += item.str + (item.hasEOL ? ' ' : '');
    }
    sheets.push({ width: width ?? 0, height: height ?? 0, text: squash(text), items });
  }
  await doc.destroy();
  return sheets;
}

/** White space as a reader sees it: any run of it is one space. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
