/**
 * The QR encoder (`qr`, see docs/DEPENDENCIES.md) is fetched only when a letter
 * is printed, so it stays out of the app shell and of the file page's chunk;
 * like every chunk it is in the service worker's precache, so printing works
 * offline.
 */
export async function qrMatrix(text: string): Promise<boolean[][]> {
  const { encodeQR } = await import('qr');
  // Medium correction survives a crease or a smudge on paper; the payload fits version 20.
  return encodeQR(text, 'raw', { ecc: 'medium', border: 4 });
}

/** One SVG path of the dark modules, one unit square each (no markup strings, no innerHTML). */
export function qrPath(matrix: readonly (readonly boolean[])[]): string {
  const parts: string[] = [];
  matrix.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) parts.push(`M${x} ${y}h1v1h-1z`);
    }),
  );
  return parts.join('');
}
