import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isSha256Hex } from '../attachments/blob-dir.ts';
import { writeJsonFile } from './relay-state.ts';
import { newScansUp, uploadUrlOf, type ScansUp } from './scans-up.ts';

/**
 * What an office relay knows of the district's scans, kept in
 * `relay-district-scans.json` in its data directory (decision 0010, amendment 3):
 * the scans the district has, so a restart does not ask it again for each (a HEAD
 * per scan on 2G), and the relay's unfinished uploads there, so a restart resumes
 * one from the district's offset instead of sending it again from its start.
 * Only a hint: the district is asked whenever the relay has no answer kept, so a
 * file that cannot be read is said in the log and taken as empty.
 */

export const SCANS_FILE = 'relay-district-scans.json';

/**
 * At most this many scans the district has are kept (about 3.4 MB), the newest;
 * the relay keeps only those still in its blob directory (scansToSend). One that
 * falls out is asked about again after a restart, once.
 */
export const MAX_KEPT = 50_000;

interface Kept {
  readonly atDistrict: readonly string[];
  /** Unfinished upload by scan: its address at the district. */
  readonly uploads: Readonly<Record<string, string>>;
}

/** The kept file's ScansUp (all new when there is none), uploads only at `district`. */
export function readScansUp(
  dataDir: string,
  district: string,
  log: (line: string) => void,
): ScansUp {
  const up = newScansUp();
  const path = join(dataDir, SCANS_FILE);
  if (!existsSync(path)) return up;
  let kept: Partial<Kept>;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    // `null`, a number, a string: no object of what is kept.
    if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object');
    kept = parsed as Partial<Kept>;
  } catch (e) {
    log(
      `relay: ${SCANS_FILE} cannot be read (${e instanceof Error ? e.message : String(e)}); the district is asked about each scan again`,
    );
    return up;
  }
  const atDistrict = Array.isArray(kept.atDistrict) ? kept.atDistrict : [];
  for (const sha256 of atDistrict.slice(-MAX_KEPT))
    if (isSha256Hex(sha256)) up.atDistrict.add(sha256);
  const uploads = typeof kept.uploads === 'object' && kept.uploads !== null ? kept.uploads : {};
  for (const [sha256, url] of Object.entries(uploads)) {
    const at = typeof url === 'string' ? uploadUrlOf(url, district) : null;
    if (isSha256Hex(sha256) && at !== null) up.uploads.set(sha256, at);
  }
  return up;
}

/**
 * Writes `up` when it changed since it was last kept (whole, then renamed), the newest
 * MAX_KEPT scans of the district's only; a write that fails leaves it to the next.
 */
export async function keepScansUp(dataDir: string, up: ScansUp): Promise<void> {
  if (!up.changed) return;
  const all = [...up.atDistrict];
  for (const sha256 of all.slice(0, Math.max(0, all.length - MAX_KEPT)))
    up.atDistrict.delete(sha256);
  up.changed = false;
  const kept: Kept = {
    atDistrict: [...up.atDistrict],
    uploads: Object.fromEntries(up.uploads),
  };
  try {
    await writeJsonFile(dataDir, SCANS_FILE, kept);
  } catch (e) {
    up.changed = true;
    throw e;
  }
}
