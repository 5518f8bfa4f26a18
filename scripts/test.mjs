// `npm test`: every check and every suite, in order, stopping at the first failure.
// Browser tests need Debian's Chromium, the PostgreSQL suites Debian's postgresql;
// ensure-chromium and ensure-postgres install them when they can (root + apt-get) or
// stop with a message naming the package.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const run = (label, cmd, args, env = {}) => {
  console.log(`\n▶ ${label}: ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`\n✖ ${label} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
};

run('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
run('lint', 'npm', ['run', '--silent', 'lint']);
run('format', 'npx', ['prettier', '--check', '.', '--log-level', 'warn']);
run('unit, ui and integration tests', 'npx', [
  'vitest',
  'run',
  '--project',
  'unit',
  '--project',
  'ui',
  '--project',
  'integration',
]);
// PostgreSQL suites: a throw-away cluster the project's global setup starts and stops.
run('PostgreSQL server', 'node', ['scripts/ensure-postgres.mjs']);
run('PostgreSQL tests', 'npx', ['vitest', 'run', '--project', 'postgres']);
if (existsSync('tests/e2e')) {
  run('browser', 'node', ['scripts/ensure-chromium.mjs']);
  run('build', 'npx', ['vite', 'build', '--logLevel', 'warn']);
  run('end-to-end tests (Chromium)', 'npx', ['vitest', 'run', '--project', 'e2e']);
}
console.log('\n✔ all checks and suites passed');
