import { describe, expect, it } from 'vitest';
import { parseHlc } from '@domain/hlc.ts';
import { newFile } from './server-sync-client.ts';

/**
 * The hand-made clients' counters start again in every file (file-counters.ts): this
 * file's first record is numbered and stamped as if the file ran alone, whichever files
 * ran before it in the worker. It fails without restart-file-counters.ts whenever another
 * file that made records ran first in the same worker.
 */
describe('the sync client in a file that shares its worker', () => {
  it('makes its first record with the first id, number and time', () => {
    const file = newFile('clerk.vikasnagar', 'vikasnagar');
    expect(file.id).toBe('00000000-0000-4000-9000-000000000001');
    const meta = file.doc.getMap('meta').toJSON() as { number: string; createdAt: string };
    expect(meta.number).toBe('VKN/REV/2026/1-1');
    expect(parseHlc(meta.createdAt).wallMs).toBe(Date.UTC(2026, 3, 1, 9, 0, 1));
  });
});
