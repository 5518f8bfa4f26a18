import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeRequestBody, responseEncoding } from '../../../sync-server/http/body-encoding.ts';

describe('sync body encoding (server)', () => {
  it('passes identity bodies through and inflates gzip ones', async () => {
    const frame = Uint8Array.from([1, 2, 3, 4]);
    expect(await decodeRequestBody(frame, undefined)).toEqual({ ok: true, value: frame });
    expect(await decodeRequestBody(frame, 'identity')).toEqual({ ok: true, value: frame });
    expect(await decodeRequestBody(gzipSync(frame), 'gzip')).toEqual({ ok: true, value: frame });
  });

  it('stops inflating at the limit', async () => {
    const r = await decodeRequestBody(gzipSync(Buffer.alloc(1001)), 'gzip', 1000);
    expect(r.ok ? 'ok' : r.error.code).toBe('frameTooLarge');
    const fits = await decodeRequestBody(gzipSync(Buffer.alloc(1000)), 'gzip', 1000);
    expect(fits.ok && fits.value.byteLength).toBe(1000);
  });

  it('refuses corrupt gzip and unknown encodings as malformed', async () => {
    const bad = await decodeRequestBody(Uint8Array.from([0x1f, 0x8b, 9, 9, 9]), 'gzip');
    expect(bad.ok ? 'ok' : bad.error.code).toBe('frameMalformed');
    const br = await decodeRequestBody(Uint8Array.from([1]), 'br');
    expect(br.ok ? 'ok' : br.error.code).toBe('frameMalformed');
  });

  it('answers br when offered, gzip otherwise, honouring q=0', () => {
    expect(responseEncoding(undefined)).toBeNull();
    expect(responseEncoding('gzip, deflate')).toBe('gzip');
    expect(responseEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(responseEncoding('br;q=1.0, GZIP;q=0.5')).toBe('br');
    expect(responseEncoding('deflate, br')).toBe('br');
    expect(responseEncoding('BR')).toBe('br');
    expect(responseEncoding('br;q=0.5, gzip')).toBe('gzip');
    expect(responseEncoding('br;q=0, gzip')).toBe('gzip');
    expect(responseEncoding('br;q=0')).toBeNull();
    expect(responseEncoding('*')).toBe('gzip');
    expect(responseEncoding('gzip;q=0, *')).toBeNull();
    expect(responseEncoding('gzip;q=0')).toBeNull();
    expect(responseEncoding('deflate, identity')).toBeNull();
    expect(responseEncoding('')).toBeNull();
  });
});
