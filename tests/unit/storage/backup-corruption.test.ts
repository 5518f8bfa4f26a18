import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { asRecordId } from '@domain/ids.ts';
import { BackupError, encodeBackup, webSha256 } from '@storage/backup/backup-format.ts';
import { exportBackup, importBackup } from '@storage/backup/backup.ts';
import { KV_KEYS, writeKv, type PatravaliDb } from '@storage/db/db.ts';
import { busyTablet as busy, dump, opts } from './backup-fixture.ts';

const dbs: PatravaliDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});
const busyTablet = (): Promise<PatravaliDb> => busy(dbs);

/** A well-formed envelope (valid checksum) around any body. */
async function seal(body: Uint8Array, version = 1): Promise<Uint8Array> {
  const out = new Uint8Array(13 + body.byteLength + 32);
  out.set(new TextEncoder().encode('PTRVBKUP'), 0);
  new DataView(out.buffer).setUint8(8, version);
  new DataView(out.buffer).setUint32(9, body.byteLength, false);
  out.set(body, 13);
  out.set(await webSha256(out.subarray(0, 13 + body.byteLength)), 13 + body.byteLength);
  return out;
}

describe('a bad backup file is refused and writes nothing', () => {
  const good = async (): Promise<Uint8Array> => exportBackup(await busyTablet(), opts);
  const flip = (b: Uint8Array, at: number): Uint8Array => {
    const c = b.slice();
    c[at] = (c[at] ?? 0) ^ 0xff;
    return c;
  };
  /** A valid record first (written, then rolled back), then one Yjs cannot read. */
  const garbageRecord = (): Promise<Uint8Array> => {
    const valid = new Y.Doc();
    valid.getText('letter').insert(0, 'fine');
    return encodeBackup(
      {
        records: [
          {
            recordId: asRecordId(`${'0'.repeat(8)}-0000-4000-8000-${'1'.padStart(12, '0')}`),
            update: Y.encodeStateAsUpdate(valid),
          },
          {
            recordId: asRecordId(`${'0'.repeat(8)}-0000-4000-8000-${'2'.padStart(12, '0')}`),
            update: new Uint8Array([1, 1, 200, 7, 9]),
          },
        ],
        drafts: [],
        outbox: [],
        quarantine: [],
        settings: [],
      },
      { createdAt: 0, appVersion: 'x' },
    );
  };

  /** A version 2 file whose one refused change keeps what db.ts does not know. */
  const keptBadly = (access: unknown): Promise<Uint8Array> =>
    encodeBackup(
      {
        records: [],
        drafts: [],
        outbox: [],
        quarantine: [
          {
            recordId: asRecordId(`${'0'.repeat(8)}-0000-4000-8000-${'3'.padStart(12, '0')}`),
            reason: 'unknownRecord',
            detail: '',
            at: 1,
            update: new Uint8Array([0, 0]),
            access: access as never,
          },
        ],
        settings: [],
      },
      { createdAt: 0, appVersion: 'x' },
    );
  const cases: [string, string, () => Promise<Uint8Array>][] = [
    ['badMagic', 'another file type', async () => new TextEncoder().encode('{"not":"a backup"}')],
    ['badMagic', 'an empty file', async () => new Uint8Array()],
    ['unsupportedVersion', 'a newer format', async () => seal(new Uint8Array([1, 2, 3]), 3)],
    ['truncated', 'a cut-off download', async () => (await good()).slice(0, -40)],
    ['truncated', 'only the prefix', async () => (await good()).slice(0, 20)],
    ['badChecksum', 'a flipped body byte', async () => flip(await good(), 40)],
    [
      'badChecksum',
      'a flipped checksum byte',
      async () => {
        const b = await good();
        return flip(b, b.length - 1);
      },
    ],
    ['malformed', 'trailing bytes', async () => new Uint8Array([...(await good()), 0])],
    ['malformed', 'a garbage body', async () => seal(new Uint8Array([5, 1, 2, 3, 4, 5]))],
    [
      'malformed',
      'a header that is not JSON',
      async () => seal(new Uint8Array([3, 0x7b, 0x7b, 0x7b])),
    ],
    ['malformed', 'a record update Yjs cannot read', garbageRecord],
    [
      'malformed',
      'a refused change kept with a bad access list',
      () => keptBadly({ grade: 'top' }),
    ],
  ];

  it.each(cases)('%s: %s', async (code, _what, make) => {
    const bad = await make();
    const target = await busyTablet();
    const before = await dump(target);

    const error: unknown = await importBackup(target, bad).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BackupError);
    expect((error as BackupError).code).toBe(code);
    expect(await dump(target)).toEqual(before);
  });
});

it('a file from another server data generation is refused on a tablet that has one', async () => {
  const source = await busyTablet();
  await writeKv(source, KV_KEYS.generation, 1);
  const bytes = await exportBackup(source, opts);
  const target = await busyTablet();
  await writeKv(target, KV_KEYS.generation, 2);
  const before = await dump(target);

  await expect(importBackup(target, bytes)).rejects.toMatchObject({ code: 'otherGeneration' });
  expect(await dump(target)).toEqual(before);
  await writeKv(target, KV_KEYS.generation, 1);
  await expect(importBackup(target, bytes)).resolves.toBeDefined();
});
