import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { classroomNames, ensureTls } from '../../../sync-server/tls/certificate.ts';

/** The classroom certificates in <dataDir>/tls: made once, kept, remade when the LAN changes. */

let dir: string | null = null;
afterEach(async () => {
  if (dir !== null) await rm(dir, { recursive: true, force: true });
  dir = null;
});

const NOW = new Date(Date.UTC(2026, 3, 1, 10, 0, 0));

describe('classroom TLS certificates', () => {
  it('are made on first use for localhost, 127.0.0.1 and the LAN, signed by a kept CA', async () => {
    dir = await mkdtemp(join(tmpdir(), 'patravali-tls-'));
    const tls = await ensureTls(dir, classroomNames(['192.168.1.20']), NOW);
    expect(tls.made).toBe('caAndServer');
    const server = new X509Certificate(tls.cert);
    const ca = new X509Certificate(tls.caCert);
    expect(server.subjectAltName).toContain('DNS:localhost');
    expect(server.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(server.subjectAltName).toContain('IP Address:192.168.1.20');
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(ca.ca).toBe(true);
    expect(server.ca).toBe(false);
    expect(await readFile(tls.caPath, 'utf8')).toBe(tls.caCert);
  });

  it('are reused as they are while the names stay the same', async () => {
    dir = await mkdtemp(join(tmpdir(), 'patravali-tls-'));
    const first = await ensureTls(dir, classroomNames(['10.0.0.5']), NOW);
    const again = await ensureTls(dir, classroomNames(['10.0.0.5']), NOW);
    expect(again.made).toBe('nothing');
    expect(again.cert).toBe(first.cert);
    expect(again.key).toBe(first.key);
  });

  it('make only a new server certificate when the LAN address changes, so tablets keep trusting the CA', async () => {
    dir = await mkdtemp(join(tmpdir(), 'patravali-tls-'));
    const first = await ensureTls(dir, classroomNames(['10.0.0.5']), NOW);
    const moved = await ensureTls(dir, classroomNames(['192.168.43.7']), NOW);
    expect(moved.made).toBe('server');
    expect(moved.caCert).toBe(first.caCert);
    expect(moved.cert).not.toBe(first.cert);
    const san = new X509Certificate(moved.cert).subjectAltName ?? '';
    expect(san).toContain('IP Address:192.168.43.7');
    expect(san).not.toContain('10.0.0.5');
  });

  it('renew a server certificate that is about to expire', async () => {
    dir = await mkdtemp(join(tmpdir(), 'patravali-tls-'));
    const first = await ensureTls(dir, classroomNames([]), NOW);
    const nearlyAYearLater = new Date(NOW.getTime() + 380 * 24 * 60 * 60 * 1000);
    const later = await ensureTls(dir, classroomNames([]), nearlyAYearLater);
    expect(later.made).toBe('server');
    expect(later.caCert).toBe(first.caCert);
  });
});
