import { readFile } from 'node:fs/promises';
import { verdictLines } from '@doc/verify-report.ts';
import { verifyExport } from '@doc/verify-export.ts';
import { LETTER_USAGE, verifyLetterCommand } from './verify-letter.ts';

/**
 * `npm run verify -- <export.zip> [--log-key <base64url>]`: checks an exported
 * file with nothing but its bytes (no server, no network) and prints
 * `Signature valid` or each thing that is wrong; exits 1 on any failure,
 * 2 when it cannot be run as asked. With `--letter`, checks a printed
 * letter's QR code instead (verify-letter.ts).
 */

const USAGE = `usage: npm run verify -- <export.zip> [--log-key <base64url>]\n   or: ${LETTER_USAGE.slice('usage: '.length)}`;

async function main(args: readonly string[]): Promise<number> {
  if (args.includes('--letter')) return letter(args);
  const at = args.indexOf('--log-key');
  const logKey = at >= 0 ? args[at + 1] : undefined;
  const path = args.filter((_, i) => at < 0 || (i !== at && i !== at + 1))[0];
  if (path === undefined || (at >= 0 && logKey === undefined)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (e) {
    process.stderr.write(`cannot read ${path}: ${(e as Error).message}\n`);
    return 2;
  }
  const verdict = verifyExport(bytes, logKey === undefined ? {} : { logKey });
  process.stdout.write(`${verdictLines(verdict).join('\n')}\n`);
  return verdict.ok ? 0 : 1;
}

function letter(args: readonly string[]): Promise<number> | number {
  const value = (flag: string) => {
    const at = args.indexOf(flag);
    return at < 0 ? undefined : args[at + 1];
  };
  const code = value('--letter');
  const keys = value('--keys');
  if (code === undefined || keys === undefined) {
    process.stderr.write(`${LETTER_USAGE}\n`);
    return 2;
  }
  return verifyLetterCommand(code, keys);
}

process.exitCode = await main(process.argv.slice(2));
