import type { QuarantineExport } from './quarantine-export.ts';

/** The quarantine's support file (quarantine-export.ts builds its contents): its text and name. */

/** Pretty JSON for the file the person hands to support. */
export function quarantineExportJson(doc: QuarantineExport): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** e.g. `patravali-quarantine-2026-04-01.json` (UTC date). */
export function quarantineFileName(now: number): string {
  return `patravali-quarantine-${new Date(now).toISOString().slice(0, 10)}.json`;
}
