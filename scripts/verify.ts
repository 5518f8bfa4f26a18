import { readFile } from 'node:fs/promises';
import { verdictLines } from '@doc/verify-report.ts';
import { verifyExport } from '@doc/verify-export.ts';

/**
 * `npm run verify -- <export.zip> [--log-key <base64url>]`: checks an exported
 * file with nothing but its bytes (no server, no network) and prints
 * `Signature valid` or each thing that is wrong; exits 1 on any failure,
 * 2 when it cannot be run as asked.
 */

const USAGE = 'usage: npm run verify -- <export.zip> [--log-key <base64url>]';

async function main(args: readonly string[]): Promise<number> {
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

process.exitCode = await main(process.argv.slice(2));
