/**
 * Reads a QR code from a photo on the tablet, with the `qr` package's decoder
 * (docs/DEPENDENCIES.md), fetched only when a photo is chosen. The browser
 * decodes the image (JPEG, PNG, a camera shot) and hands its pixels over.
 */

/** A photo larger than this is not a QR code's picture: refused before decoding. */
export const MAX_PHOTO_BYTES = 20 * 1024 * 1024;
/** Pixels beyond this are scaled down first: a phone's 12 MP photo holds a letter's code at far less. */
const MAX_SIDE = 2_000;

export async function decodeQrPhoto(file: Blob): Promise<string | null> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (ctx === null) return null;
  ctx.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const { data } = ctx.getImageData(0, 0, width, height);
  const { default: decodeQR } = await import('qr/decode.js');
  try {
    return decodeQR({ width, height, data }, { format: 'RGBA' });
  } catch {
    return null;
  }
}
