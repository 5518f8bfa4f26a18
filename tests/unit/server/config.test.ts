import { describe, expect, it } from 'vitest';
import { ConfigError, configFromEnv, isDemoMode } from '../../../sync-server/config.ts';

describe('configFromEnv', () => {
  it('defaults to port 8080 on all interfaces, ./data, demo mode', () => {
    const c = configFromEnv({}, '/srv/app');
    expect(c).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/srv/app/data',
      directoryFile: null,
    });
    expect(c.tokenTtlMs).toBe(30 * 24 * 3600 * 1000);
    // Tests pass a cheaper cost (PATRAVALI_SCRYPT_LOG_N=10); a deployment gets 2^15.
    expect(c.scryptLogN).toBe(15);
    expect(isDemoMode(c)).toBe(true);
  });

  it('reads PORT, HOST, data dir, directory file and token TTL', () => {
    const c = configFromEnv(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        PATRAVALI_DATA_DIR: '/var/p',
        PATRAVALI_DIRECTORY: 'dir.json',
        PATRAVALI_TOKEN_TTL_HOURS: '2',
      },
      '/srv/app',
    );
    expect(c).toMatchObject({
      port: 0,
      host: '127.0.0.1',
      dataDir: '/var/p',
      directoryFile: '/srv/app/dir.json',
    });
    expect(c.tokenTtlMs).toBe(2 * 3600 * 1000);
    expect(isDemoMode(c)).toBe(false);
  });

  it('keeps abandoned uploads a day and unlisted scans a month unless told otherwise', () => {
    const hour = 3600 * 1000;
    expect(configFromEnv({}, '/')).toMatchObject({
      uploadIdleMs: 24 * hour,
      orphanScanMs: 720 * hour,
    });
    const c = configFromEnv(
      { PATRAVALI_UPLOAD_IDLE_HOURS: '6', PATRAVALI_ORPHAN_SCAN_DAYS: '90' },
      '/',
    );
    expect(c).toMatchObject({ uploadIdleMs: 6 * hour, orphanScanMs: 90 * 24 * hour });
    // Never "at once": a scan uploaded before its record's push would be lost.
    expect(() => configFromEnv({ PATRAVALI_ORPHAN_SCAN_DAYS: '0' }, '/')).toThrow(
      /PATRAVALI_ORPHAN_SCAN_DAYS/,
    );
  });

  it('stores in SQLite unless PATRAVALI_DATABASE_URL names a PostgreSQL database', () => {
    expect(configFromEnv({}, '/').databaseUrl).toBeNull();
    expect(configFromEnv({ PATRAVALI_DATABASE_URL: ' ' }, '/').databaseUrl).toBeNull();
    const url = 'postgres://patravali@db.internal:5432/patravali';
    expect(configFromEnv({ PATRAVALI_DATABASE_URL: url }, '/').databaseUrl).toBe(url);
    expect(() => configFromEnv({ PATRAVALI_DATABASE_URL: 'mysql://db/p' }, '/')).toThrow(
      /PATRAVALI_DATABASE_URL/,
    );
  });

  it('refuses nonsense with the variable name in the message', () => {
    expect(() => configFromEnv({ PORT: 'eighty' }, '/')).toThrow(ConfigError);
    expect(() => configFromEnv({ PORT: '70000' }, '/')).toThrow(/PORT/);
    expect(() => configFromEnv({ PATRAVALI_TOKEN_TTL_HOURS: '0' }, '/')).toThrow(
      /PATRAVALI_TOKEN_TTL_HOURS/,
    );
  });

  it('takes origins for PATRAVALI_CORS_ORIGINS and PATRAVALI_CONNECT_SRC, and refuses anything else', () => {
    const env = {
      PATRAVALI_CORS_ORIGINS: 'https://efile.district.example, http://10.0.0.1:8080/',
      PATRAVALI_CONNECT_SRC: 'https://district.example',
    };
    expect(configFromEnv(env, '/srv')).toMatchObject({
      corsOrigins: ['https://efile.district.example', 'http://10.0.0.1:8080'],
      connectSources: ['https://district.example'],
    });
    // A second directive smuggled into the pages' Content-Security-Policy is not an origin.
    for (const odd of ['https://d.example;script-src', "https://d.example'", 'https://d.example/x'])
      expect(() => configFromEnv({ PATRAVALI_CONNECT_SRC: odd }, '/srv')).toThrow(ConfigError);
  });

  it('trusts no proxy unless PATRAVALI_TRUST_PROXY lists addresses or CIDRs, and refuses anything else', () => {
    expect(configFromEnv({}, '/').trustProxy).toEqual([]);
    expect(configFromEnv({ PATRAVALI_TRUST_PROXY: ' ' }, '/').trustProxy).toEqual([]);
    const env = { PATRAVALI_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1, fd00::/8' };
    expect(configFromEnv(env, '/').trustProxy).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
      'fd00::/8',
    ]);
    for (const odd of [
      'nginx',
      '10.0.0.0/33',
      '::1/129',
      '10.0.0.1/8/8',
      '10.0.0/8',
      '127.0.0.1,',
      'loopback',
      '10.0.0.0/-1',
    ])
      expect(() => configFromEnv({ PATRAVALI_TRUST_PROXY: odd }, '/'), odd).toThrow(
        /PATRAVALI_TRUST_PROXY must be addresses or CIDRs/,
      );
  });

  it('takes PATRAVALI_TLS_CERT and PATRAVALI_TLS_KEY together, never one alone nor with PATRAVALI_HTTPS', () => {
    expect(configFromEnv({}, '/srv').tlsFiles).toBeNull();
    const both = { PATRAVALI_TLS_CERT: 'tls/fullchain.pem', PATRAVALI_TLS_KEY: '/etc/tls/key.pem' };
    expect(configFromEnv(both, '/srv').tlsFiles).toEqual({
      cert: '/srv/tls/fullchain.pem',
      key: '/etc/tls/key.pem',
    });
    expect(() => configFromEnv({ PATRAVALI_TLS_CERT: 'c.pem' }, '/srv')).toThrow(
      new ConfigError(
        'PATRAVALI_TLS_CERT is set but PATRAVALI_TLS_KEY is not: give both (the certificate with its chain, and its private key: PEM files) or neither',
      ),
    );
    expect(() =>
      configFromEnv({ PATRAVALI_TLS_KEY: 'k.pem', PATRAVALI_TLS_CERT: ' ' }, '/'),
    ).toThrow(/^PATRAVALI_TLS_KEY is set but PATRAVALI_TLS_CERT is not/);
    expect(() => configFromEnv({ ...both, PATRAVALI_HTTPS: '1' }, '/srv')).toThrow(
      /PATRAVALI_HTTPS \(--https\) makes a classroom certificate .*: set one or the other/,
    );
  });

  it('reads the TLS files again every minute unless PATRAVALI_TLS_CHECK_MS says otherwise', () => {
    expect(configFromEnv({}, '/').tlsCheckMs).toBe(60_000);
    expect(configFromEnv({ PATRAVALI_TLS_CHECK_MS: '50' }, '/').tlsCheckMs).toBe(50);
    for (const odd of ['0', '-1', 'hourly', String(25 * 3600_000)])
      expect(() => configFromEnv({ PATRAVALI_TLS_CHECK_MS: odd }, '/'), odd).toThrow(
        /PATRAVALI_TLS_CHECK_MS must be an integer/,
      );
  });

  it('compares the stored directory every 30 s unless PATRAVALI_DIRECTORY_CHECK_MS says otherwise', () => {
    expect(configFromEnv({}, '/').directoryCheckMs).toBe(30_000);
    expect(configFromEnv({ PATRAVALI_DIRECTORY_CHECK_MS: '50' }, '/').directoryCheckMs).toBe(50);
    for (const odd of ['0', '-1', 'often', String(2 * 3600_000)])
      expect(() => configFromEnv({ PATRAVALI_DIRECTORY_CHECK_MS: odd }, '/'), odd).toThrow(
        /PATRAVALI_DIRECTORY_CHECK_MS must be an integer/,
      );
  });
});
