// `npm run verify -- --letter` (issue 16): a printed letter's QR code checked offline
// from the command line, given as its text, a PNG or JPEG photo of it, or a text file,
// against the directory's keys saved as JSON. Each result is named and sets the exit code.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { encodeQR } from 'qr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LETTER_QR_PREFIX, letterQrPayload } from '@doc/letter-qr.ts';
import { encodeB64url } from '@doc/signature.ts';
import type { LetterContent } from '@domain/events.ts';
import { letterHash } from '@domain/letters.ts';
import { CLERK, T0, TEHSILDAR, eid, ev, meta } from '../unit/domain/builders.ts';
import { testKey, type TestKey } from '../unit/doc/signing-keys.ts';
import { matrixImage } from '../fixtures/qr-image.ts';
import { nodeArgs } from '../server-bundle.ts';

const run = promisify(execFile);
const CONTENT: LetterContent = {
  to: 'Collector, Dehradun',
  subject: 'Report',
  reference: null,
  hindi: 'आख्या प्रस्तुत है।',
  english: 'The report is submitted.',
};
const tehsildar = testKey(TEHSILDAR);
const clerk = testKey(CLERK);
const m = meta();
const drafted = ev(1, 'letterDrafted', CLERK, T0 + 1, { template: 'report', ...CONTENT });
const approve = (key: TestKey) =>
  key.signEvent(
    m,
    [drafted],
    ev(2, 'letterApproved', TEHSILDAR, T0 + 2, {
      draft: eid(1),
      version: eid(1),
      textHash: letterHash(m.id, eid(1), CONTENT),
    }),
  );
const payload = letterQrPayload(m.id, approve(tehsildar));
const listed = (k: TestKey) => ({ ...k.key, publicKey: encodeB64url(k.key.publicKey) });

async function verify(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, nodeArgs('verify', args));
    return { code: 0, out: stdout, err: stderr };
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout, err: failed.stderr };
  }
}

describe('npm run verify -- --letter', () => {
  let dir = '';
  let keys = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'patravali-letter-cli-'));
    keys = join(dir, 'device-keys.json');
    await writeFile(keys, JSON.stringify({ deviceKeys: [listed(tehsildar), listed(clerk)] }));
    const image = matrixImage(
      encodeQR(payload, 'raw', { ecc: 'medium', border: 4 })
        .map((row) => row.map((d) => (d ? '1' : '0')).join(''))
        .join('/'),
      6,
    );
    const png = new PNG({ width: image.width, height: image.height });
    png.data = Buffer.from(image.data);
    await writeFile(join(dir, 'letter.png'), PNG.sync.write(png));
    await writeFile(join(dir, 'letter.jpg'), jpeg.encode({ ...image, data: image.data }, 90).data);
    await writeFile(join(dir, 'letter.txt'), `${payload}\n`);
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('a valid code, as text, a PNG, a JPEG photo or a text file: Signature valid, exit 0', async () => {
    for (const code of [payload, ...['png', 'jpg', 'txt'].map((x) => join(dir, `letter.${x}`))]) {
      const r = await verify('--letter', code, '--keys', keys);
      expect(r.code, code.slice(0, 40)).toBe(0);
      expect(r.out).toMatch(
        /^Signature valid\n {2}approved by tehsildar\.vikasnagar at 2026-01-05T/,
      );
      expect(r.out).toContain(letterHash(m.id, eid(1), CONTENT));
    }
  });

  it('forged, altered, unknown approver and malformed: NOT VALID with the reason, exit 1', async () => {
    const body = JSON.parse(payload.slice(LETTER_QR_PREFIX.length)) as {
      e: Record<string, unknown>;
      r: string;
    };
    const withE = (e: Record<string, unknown>) =>
      LETTER_QR_PREFIX + JSON.stringify({ ...body, e: { ...body.e, ...e } });
    const onlyClerk = join(dir, 'clerk-keys.json');
    await writeFile(onlyClerk, JSON.stringify([listed(clerk)]));
    for (const [code, keyFile, problem] of [
      [withE({ sig: approve(clerk).sig }), keys, 'badSignature'],
      [withE({ textHash: 'f'.repeat(64) }), keys, 'badSignature'],
      [payload, onlyClerk, 'unknownKey'],
      [`${LETTER_QR_PREFIX}{"e":1}`, keys, 'malformed'],
    ] as const) {
      const r = await verify('--letter', code, '--keys', keyFile);
      expect(r.code).toBe(1);
      expect(r.out).toMatch(new RegExp(`^NOT VALID: ${problem}\\n`));
    }
  });

  it('without keys, or with a photo holding no code, it says how to run it and exits 2', async () => {
    const noKeys = await verify('--letter', payload);
    expect(noKeys.code).toBe(2);
    expect(noKeys.err).toContain('--keys <device-keys.json | export.zip>');
    const blank = join(dir, 'blank.png');
    const png = new PNG({ width: 64, height: 64 });
    png.data.fill(255);
    await writeFile(blank, PNG.sync.write(png));
    const none = await verify('--letter', blank, '--keys', keys);
    expect(none.code).toBe(2);
    expect(none.err).toContain('no QR code could be read');
  });
});
