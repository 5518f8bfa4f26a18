import { describe, expect, it } from 'vitest';
import { EXPORT_FILES, MAX_EXPORT_BYTES, packExport } from '@doc/export-format.ts';
import { verifyExport } from '@doc/verify-export.ts';
import { verdictLines } from '@doc/verify-report.ts';
import { scriptRuns } from '@ui/export/pdf-writer.ts';

/** What the verifier says of archives that are not exports at all (the real ones: export-verify.test.ts). */

describe('verifyExport on what is not an export', () => {
  it('names bytes that are not a ZIP archive', () => {
    const verdict = verifyExport(new TextEncoder().encode('%PDF-1.7 not an archive'));
    expect(verdict.ok).toBe(false);
    expect(verdict.findings).toEqual([
      { check: 'container', subject: 'archive', detail: 'not a readable ZIP archive' },
    ]);
    expect(verdictLines(verdict)).toEqual([
      'NOT VALID',
      '  container: archive: not a readable ZIP archive',
    ]);
  });

  it('refuses an archive larger than any export before reading it', () => {
    const verdict = verifyExport(new Uint8Array(MAX_EXPORT_BYTES + 1));
    expect(verdict.findings[0]?.detail).toBe(`larger than ${MAX_EXPORT_BYTES} bytes`);
  });

  it('names every missing entry of an empty archive', () => {
    const verdict = verifyExport(packExport(new Map()));
    expect(verdict.findings.filter((f) => f.check === 'fileMissing').map((f) => f.subject)).toEqual(
      Object.values(EXPORT_FILES),
    );
    expect(verdict.ok).toBe(false);
  });
});

describe('scriptRuns', () => {
  it('puts Devanagari and Latin in separate runs, punctuation with Latin, spaces where they are', () => {
    expect(scriptRuns('नोटशीट / Note sheet (सत्यापित करें)')).toEqual([
      { font: 'deva', text: 'नोटशीट ' },
      { font: 'latin', text: '/ Note sheet (' },
      { font: 'deva', text: 'सत्यापित करें' },
      { font: 'latin', text: ')' },
    ]);
  });
});
