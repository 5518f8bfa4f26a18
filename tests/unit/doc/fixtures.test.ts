import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { letterText, loadRecordDoc, readEventsDetailed, readRecordState } from '@doc/record-doc.ts';
import { validateUpdate } from '@doc/validate-update.ts';
import { asPersonId } from '@domain/ids.ts';

/**
 * Encoded record documents saved by earlier releases (see
 * tests/fixtures/doc/generate.ts). They must keep loading, folding and
 * validating exactly as when they were written.
 */

const load = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../fixtures/doc/${name}`, import.meta.url)));
const NOW = Date.UTC(2026, 1, 1);
const clerk = asPersonId('clerk.vikasnagar');

describe('v1 record-document fixtures', () => {
  it('v1-file.bin: a file sent, opened, noted and sent on, with a letter draft', () => {
    const bytes = load('v1-file.bin');
    const doc = loadRecordDoc([bytes]);
    expect(readEventsDetailed(doc).invalid).toEqual([]);
    const s = readRecordState(doc, NOW);
    expect(s?.meta).toMatchObject({ kind: 'file', number: 'VKN/REV/2026/3-17', schemaVersion: 1 });
    expect(s?.notes.map((n) => [n.paragraph, n.author, n.text])).toEqual([
      [1, 'clerk.vikasnagar', 'खसरा संख्या 112 का दाखिल-खारिज प्रस्तावित।'],
      [2, 'tehsildar.vikasnagar', 'Approved.'],
    ]);
    // The clerk's second send no longer held the file: kept as a conflict.
    expect(s?.holder).toBe('tehsildar.vikasnagar');
    expect(s?.conflicts.map((c) => [c.event.type, c.reason])).toEqual([['sent', 'staleBasis']]);
    expect(s?.dueDate).toBe('2026-01-20');
    expect(letterText(doc).toString()).toBe('सेवा में, जिलाधिकारी देहरादून');
    expect(validateUpdate(null, bytes, { actor: clerk, role: 'trainer' }).ok).toBe(false);
  });

  it('v1-receipt.bin: a diarised receipt put in a file', () => {
    const bytes = load('v1-receipt.bin');
    const s = readRecordState(loadRecordDoc([bytes]), NOW);
    expect(s?.meta).toMatchObject({ kind: 'receipt', number: 'VKN/D/2026/3-5' });
    expect(s?.letter).toEqual({
      from: 'SDM Vikasnagar',
      letterNumber: '88/ST',
      letterDate: '2026-01-03',
      mode: 'hand',
    });
    expect(s?.inFile?.fileNumber).toBe('VKN/REV/2026/3-17');
    expect(s?.status).toBe('closed');
    const created = validateUpdate(null, bytes, { actor: clerk, role: 'deskAssistant' });
    expect(created.ok && created.value.newEvents.map((e) => e.type)).toEqual([
      'diarised',
      'putInFile',
    ]);
  });
});
