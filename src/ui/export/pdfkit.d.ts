// pdfkit ships no types; this module uses it only through PdfDocConstructor (pdf-writer.ts).
declare module 'pdfkit' {
  const PDFDocument: unknown;
  export default PDFDocument;
}
declare module 'pdfkit/js/pdfkit.standalone.js' {
  const PDFDocument: unknown;
  export default PDFDocument;
}
