import type { AttachmentMime } from '@domain/events.ts';
import type { PreparedScan } from './attachments.ts';

/**
 * The browser's downscaler for scans: decode with createImageBitmap, draw on
 * an OffscreenCanvas (or a plain canvas where there is none) and re-encode as
 * JPEG. Office letters are A4; 2000 px on the long side is about 170 dpi —
 * legible for typed and handwritten text — and a page lands near 250–450 KB
 * at quality 0.7. If a page is still over the target, quality steps down,
 * then the size, so a 2G link carries a page in well under a minute.
 */

export const SCAN_LONG_SIDE_PX = 2000;
export const SCAN_PAGE_TARGET_BYTES = 450 * 1024;
const QUALITIES = [0.7, 0.55, 0.45] as const;

interface Canvas2D {
  readonly width: number;
  readonly height: number;
  draw(bitmap: ImageBitmap): void;
  encode(quality: number): Promise<Blob>;
}

function makeCanvas(width: number, height: number): Canvas2D {
  if (typeof OffscreenCanvas !== 'undefined') {
    const c = new OffscreenCanvas(width, height);
    const g = c.getContext('2d');
    if (g === null) throw new Error('no 2d context');
    return {
      width,
      height,
      draw: (b) => paint(g, b, width, height),
      encode: (quality) => c.convertToBlob({ type: 'image/jpeg', quality }),
    };
  }
  const c = document.createElement('canvas');
  c.width = width;
  c.height = height;
  const g = c.getContext('2d');
  if (g === null) throw new Error('no 2d context');
  return {
    width,
    height,
    draw: (b) => paint(g, b, width, height),
    encode: (quality) =>
      new Promise((resolve, reject) =>
        c.toBlob(
          (b) => (b ? resolve(b) : reject(new Error('encode failed'))),
          'image/jpeg',
          quality,
        ),
      ),
  };
}

type Ctx2D = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

/** White first: JPEG has no transparency, and transparent PNG areas would turn black. */
function paint(g: Ctx2D, b: ImageBitmap, width: number, height: number): void {
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, width, height);
  g.drawImage(b, 0, 0, width, height);
}

function fit(w: number, h: number, longSide: number): { width: number; height: number } {
  const scale = Math.min(1, longSide / Math.max(w, h));
  return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}

async function encodeAt(bitmap: ImageBitmap, longSide: number, quality: number) {
  const size = fit(bitmap.width, bitmap.height, longSide);
  const canvas = makeCanvas(size.width, size.height);
  canvas.draw(bitmap);
  const blob = await canvas.encode(quality);
  return { ...size, bytes: new Uint8Array(await blob.arrayBuffer()) };
}

/** PrepareImage for the browser (see attachments.ts). */
export async function downscaleInBrowser(
  bytes: Uint8Array,
  mime: AttachmentMime,
): Promise<PreparedScan> {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  const bitmap = await createImageBitmap(new Blob([copy.buffer], { type: mime }), {
    imageOrientation: 'from-image',
  });
  try {
    let longSide = SCAN_LONG_SIDE_PX;
    for (;;) {
      for (const quality of QUALITIES) {
        const out = await encodeAt(bitmap, longSide, quality);
        if (out.bytes.byteLength <= SCAN_PAGE_TARGET_BYTES || longSide <= 1000) {
          return { ...out, mime: 'image/jpeg' };
        }
      }
      longSide = Math.round(longSide * 0.8);
    }
  } finally {
    bitmap.close();
  }
}
