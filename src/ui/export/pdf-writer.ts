/**
 * Writes text into a PDF made by pdfkit (its fontkit shapes Devanagari:
 * conjuncts, reordered matras), with Noto Sans Devanagari embedded: the
 * Devanagari subset for Devanagari runs, the Latin subset for the rest, since
 * the self-hosted font comes as per-script files. The constructor and the font
 * bytes are passed in: Node tests use pdfkit's Node build, the app its browser
 * build, loaded only when a file is exported.
 */

/** The part of pdfkit's document this module uses. */
export interface PdfDoc {
  registerFont(name: string, src: Uint8Array): PdfDoc;
  font(name: string): PdfDoc;
  fontSize(size: number): PdfDoc;
  fillColor(color: string): PdfDoc;
  text(text: string, options?: PdfTextOptions): PdfDoc;
  moveDown(lines?: number): PdfDoc;
  on(event: 'data', listener: (chunk: Uint8Array) => void): PdfDoc;
  on(event: 'end', listener: () => void): PdfDoc;
  end(): void;
}

export interface PdfTextOptions {
  readonly continued?: boolean;
  readonly indent?: number;
}

export type PdfDocConstructor = new (options: {
  readonly size: string;
  readonly margin: number;
  readonly info: Readonly<Record<string, string | Date>>;
}) => PdfDoc;

export interface PdfFonts {
  readonly devanagari: Uint8Array;
  readonly latin: Uint8Array;
}

const DEVA = 'deva';
const LATIN = 'latin';

/** Devanagari, Vedic extensions, Devanagari Extended, and the joiners (ZWNJ, ZWJ) shaping needs. */
const DEVANAGARI_RANGES: readonly (readonly [number, number])[] = [
  [0x0900, 0x097f],
  [0x1cd0, 0x1cff],
  [0xa8e0, 0xa8ff],
  [0x200c, 0x200d],
];

function isDevanagari(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  return DEVANAGARI_RANGES.some(([from, to]) => cp >= from && cp <= to);
}

/**
 * Runs of one script each. A space stays with the run it is in (both subsets
 * have it); other punctuation is Latin, since the Devanagari subset has only
 * its own (danda, abbreviation sign).
 */
export function scriptRuns(text: string): { font: string; text: string }[] {
  const runs: { font: string; text: string }[] = [];
  for (const ch of text) {
    const last = runs[runs.length - 1];
    const font = isDevanagari(ch) ? DEVA : ch === ' ' && last !== undefined ? last.font : LATIN;
    if (last !== undefined && last.font === font) last.text += ch;
    else runs.push({ font, text: ch });
  }
  return runs;
}

export interface PdfPen {
  /** One paragraph (wrapped to the page) in the given size. */
  line(
    text: string,
    size?: number,
    options?: { readonly indent?: number; readonly grey?: boolean },
  ): void;
  gap(lines?: number): void;
}

/** Makes the PDF that `draw` writes; resolves with its bytes. */
export function writePdf(
  Pdf: PdfDocConstructor,
  fonts: PdfFonts,
  info: { readonly title: string; readonly created: Date },
  draw: (pen: PdfPen) => void,
): Promise<Uint8Array> {
  const doc = new Pdf({
    size: 'A4',
    margin: 56,
    info: { Title: info.title, Producer: 'Patravali', CreationDate: info.created },
  });
  const chunks: Uint8Array[] = [];
  const done = new Promise<Uint8Array>((resolve) => {
    doc.on('data', (c) => chunks.push(new Uint8Array(c)));
    doc.on('end', () => {
      const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.length;
      }
      resolve(out);
    });
  });
  doc.registerFont(DEVA, fonts.devanagari);
  doc.registerFont(LATIN, fonts.latin);
  const pen: PdfPen = {
    line(text, size = 11, options = {}) {
      doc.fontSize(size).fillColor(options.grey === true ? '#444444' : '#000000');
      const runs = scriptRuns(text === '' ? ' ' : text);
      runs.forEach((r, i) =>
        doc.font(r.font).text(r.text, {
          continued: i < runs.length - 1,
          indent: i === 0 ? options.indent : undefined,
        }),
      );
    },
    gap(lines = 0.6) {
      doc.moveDown(lines);
    },
  };
  draw(pen);
  doc.end();
  return done;
}
