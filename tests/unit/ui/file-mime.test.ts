import { describe, expect, it } from 'vitest';
import { mimeForFileName } from '@ui/services/file-mime.ts';

describe('the MIME type a saved file is handed over with', () => {
  it('is CSV (UTF-8) for the pendency export and JSON for the quarantine export', () => {
    expect(mimeForFileName('pendency-2026-11-20.csv')).toBe('text/csv;charset=utf-8');
    expect(mimeForFileName('REPORT.CSV')).toBe('text/csv;charset=utf-8');
    expect(mimeForFileName('quarantine-2026-11-20.json')).toBe('application/json');
  });

  it('is plain UTF-8 text for a name without a known extension', () => {
    expect(mimeForFileName('notes.csv.txt')).toBe('text/plain;charset=utf-8');
    expect(mimeForFileName('csv')).toBe('text/plain;charset=utf-8');
  });
});
