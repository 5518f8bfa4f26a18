import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { PdfDocConstructor, PdfFonts } from '@ui/export/pdf-writer.ts';

/** pdfkit's Node build and the self-hosted Noto Sans Devanagari, as the app embeds them. */

export const NodePdf = PDFDocument as unknown as PdfDocConstructor;

const FONT_DIR = join(process.cwd(), 'node_modules/@fontsource/noto-sans-devanagari/files');

export async function exportFonts(): Promise<PdfFonts> {
  const [devanagari, latin] = await Promise.all([
    readFile(join(FONT_DIR, 'noto-sans-devanagari-devanagari-400-normal.woff')),
    readFile(join(FONT_DIR, 'noto-sans-devanagari-latin-400-normal.woff')),
  ]);
  return { devanagari: new Uint8Array(devanagari), latin: new Uint8Array(latin) };
}
