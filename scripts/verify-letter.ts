import { readFile } from 'node:fs/promises';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import decodeQR from 'qr/decode.js';
import { EXPORT_FILES, unpackExport } from '@doc/export-format.ts';
import { deviceKeyMap, type ListedKey } from '@doc/key-listing.ts';
import { LETTER_QR_PREFIX, verifyLetterQr } from '@doc/letter-qr.ts';
import { verifyBytes } from '@doc/verify-bytes.ts';
import { letterVerdictLines } from '@doc/verify-report.ts';

/**
 * `npm run verify -- --letter <code | photo.jpg | photo.png | code.txt> --keys <keys>`:
 * checks a printed letter's QR code offline (src/doc/letter-qr.ts). The keys are
 * the directory's public keys: GET /api/device-keys's answer saved as JSON, an
 * export's keys.json, or an exported file's archive (.zip). Exits 0 when valid,
 * 1 when not, 2 when it cannot be run as asked.
 */

export const LETTER_USAGE =
  'usage: npm run verify -- --letter <QR text | photo.jpg | photo.png | text file> --keys <device-keys.json | export.zip>';

class CannotRun extends Error {}

export async function verifyLetterCommand(letter: string, keysPath: string): Promise<number> {
  try {
    const keys = deviceKeyMap(await readKeys(keysPath));
    const payload = await readCode(letter);
    const verdict = verifyLetterQr(payload, (id) => keys.get(id), verifyBytes);
    process.stdout.write(`${letterVerdictLines(verdict).join('\n')}\n`);
    return verdict.ok ? 0 : 1;
  } catch (e) {
    if (!(e instanceof CannotRun)) throw e;
    process.stderr.write(`${e.message}\n`);
    return 2;
  }
}

async function bytesOf(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    throw new CannotRun(`cannot read ${path}: ${(e as Error).message}`);
  }
}

async function readKeys(path: string): Promise<readonly ListedKey[]> {
  const bytes = await bytesOf(path);
  const archive = bytes[0] === 0x50 && bytes[1] === 0x4b ? unpackExport(bytes) : null;
  const json = archive?.get(EXPORT_FILES.keys) ?? bytes;
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(json));
  } catch {
    throw new CannotRun(`${path} is neither a keys JSON nor an exported file`);
  }
  const list = Array.isArray(body)
    ? body
    : ((body as { deviceKeys?: unknown; keys?: unknown }).deviceKeys ??
      (body as { keys?: unknown }).keys);
  if (!Array.isArray(list)) throw new CannotRun(`${path} lists no keys`);
  return list as ListedKey[];
}

/** The code itself, or the text read from a photo (PNG, JPEG) or a text file. */
async function readCode(letter: string): Promise<string> {
  if (letter.trim().startsWith(LETTER_QR_PREFIX.trim())) return letter;
  const bytes = await bytesOf(letter);
  const image = decodeImage(bytes);
  if (image === null) return new TextDecoder().decode(bytes);
  try {
    return decodeQR(image);
  } catch {
    throw new CannotRun(`no QR code could be read in ${letter}`);
  }
}

function decodeImage(
  bytes: Uint8Array,
): { width: number; height: number; data: Uint8Array } | null {
  const png = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  const jpg = bytes[0] === 0xff && bytes[1] === 0xd8;
  try {
    if (png) return PNG.sync.read(Buffer.from(bytes));
    if (jpg)
      return jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: 50 });
  } catch (e) {
    throw new CannotRun(`cannot read the image: ${(e as Error).message}`);
  }
  return null;
}
