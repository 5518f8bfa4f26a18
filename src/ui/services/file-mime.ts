/**
 * The MIME type a saved text file is handed over with, from its name: a CSV
 * must open in a spreadsheet (and keep its Hindi as UTF-8), a JSON export as
 * JSON. Unknown extensions are plain UTF-8 text rather than a wrong guess.
 */
export function mimeForFileName(fileName: string): string {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  switch (extension) {
    case 'csv':
      return 'text/csv;charset=utf-8';
    case 'json':
      return 'application/json';
    default:
      return 'text/plain;charset=utf-8';
  }
}
