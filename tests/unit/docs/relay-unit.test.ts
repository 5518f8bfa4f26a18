import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The systemd unit RELAY.md gives an office's administrator (section 2). */

const RELAY_MD = readFileSync(join(process.cwd(), 'docs', 'RELAY.md'), 'utf8');
const UNIT = /`\/etc\/systemd\/system\/patravali-relay\.service`:\n\n```ini\n([\s\S]*?)```/.exec(
  RELAY_MD,
)?.[1];
const SYSTEMD_ANALYZE = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find(existsSync);

describe("RELAY.md's systemd unit", () => {
  it('starts the relay script of this repository, with the upstream and office it needs', () => {
    expect(UNIT).toBeDefined();
    const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const exec = /^ExecStart=(.*)$/m.exec(UNIT ?? '')?.[1] ?? '';
    const script = /\bnpm run (\S+) --/.exec(exec)?.[1] ?? '';
    expect(pkg.scripts[script]).toBeDefined();
    expect(exec).toMatch(/--upstream https:\/\/\S+ --office \S+/);
    expect(UNIT).toMatch(/^Restart=always$/m);
    // A relay whose key the district refused exits 78 (relay/main.ts): not restarted.
    expect(UNIT).toMatch(/^RestartPreventExitStatus=78$/m);
    expect(UNIT).toMatch(/^EnvironmentFile=/m);
  });

  // systemd-analyze comes with systemd; a machine without it (a container) cannot check.
  it.skipIf(SYSTEMD_ANALYZE === undefined)('is accepted by systemd-analyze verify', () => {
    const dir = mkdtempSync(join(tmpdir(), 'patravali-unit-'));
    try {
      const file = join(dir, 'patravali-relay.service');
      writeFileSync(file, UNIT ?? '');
      const run = spawnSync(SYSTEMD_ANALYZE ?? '', ['verify', file], { encoding: 'utf8' });
      // What it says of this machine (no /usr/bin/npm, no user patravali) is not the unit's.
      const problems = `${run.stdout}${run.stderr}`
        .split('\n')
        .filter((l) => l !== '' && !/is not executable|Failed to resolve user/i.test(l));
      expect(problems).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
