// `npm test`: every check and every suite, stopping at the first stage that fails.
// Browser tests need Debian's Chromium, the PostgreSQL suites Debian's postgresql;
// ensure-chromium and ensure-postgres install them when they can (root + apt-get) or
// stop with a message naming the package.
//
// The suite must stay well under 20 minutes on the 2-core CI machine, so stages that do
// not depend on each other share it: the type check, lint, format check and the app's
// build run at once (each mostly on one core; about 70 s together instead of 150 s one
// after the other), and the PostgreSQL suites run in the same vitest run as the unit, ui
// and integration ones (their files fill a core while another file waits on servers).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const withE2e = existsSync('tests/e2e');

// What the tablets showed when an e2e test failed (tests/e2e/failure-report.ts), printed
// again after the failed stage: a CI log that keeps only its end still holds it.
const reports = join(tmpdir(), `patravali-failures-${process.pid}.txt`);
process.env.PATRAVALI_FAILURE_REPORTS = reports;
rmSync(reports, { force: true });
process.on('exit', () => rmSync(reports, { force: true }));

const fail = (label, status) => {
  if (existsSync(reports)) {
    console.error(`\n--- what the failed tests' tablets showed (printed above too) ---`);
    console.error(readFileSync(reports, 'utf8'));
  }
  console.error(`\n✖ ${label} failed (exit ${status})`);
  process.exit(typeof status === 'number' && status !== 0 ? status : 1);
};

/** One stage on the terminal as it runs. */
const run = (label, cmd, args) => {
  console.log(`\n▶ ${label}: ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit' });
  if (result.status !== 0) fail(label, result.status ?? result.signal);
};

/** Stages at once; each one's output is printed whole when it ends, so none interleave. */
const runTogether = async (stages) => {
  const results = await Promise.all(
    stages.map(
      ({ label, cmd, args }) =>
        new Promise((resolve) => {
          const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
          const output = [];
          child.stdout.on('data', (chunk) => output.push(chunk));
          child.stderr.on('data', (chunk) => output.push(chunk));
          child.on('error', (error) => output.push(Buffer.from(`${String(error)}\n`)));
          child.on('close', (code, signal) => {
            console.log(`\n▶ ${label}: ${cmd} ${args.join(' ')}`);
            process.stdout.write(Buffer.concat(output));
            resolve({ label, status: code === 0 ? 0 : (code ?? signal ?? 'error') });
          });
        }),
    ),
  );
  const failed = results.find((r) => r.status !== 0);
  if (failed) fail(failed.label, failed.status);
};

// Installs first, one at a time (apt-get holds a lock).
run('PostgreSQL server', 'node', ['scripts/ensure-postgres.mjs']);
if (withE2e) run('browser', 'node', ['scripts/ensure-chromium.mjs']);

await runTogether([
  { label: 'typecheck', cmd: 'npx', args: ['tsc', '-p', 'tsconfig.json', '--noEmit'] },
  { label: 'lint', cmd: 'npm', args: ['run', '--silent', 'lint'] },
  { label: 'format', cmd: 'npx', args: ['prettier', '--check', '.', '--log-level', 'warn'] },
  ...(withE2e
    ? [{ label: 'build', cmd: 'npx', args: ['vite', 'build', '--logLevel', 'warn'] }]
    : []),
]);

// PostgreSQL suites: a throw-away cluster the postgres project's global setup starts and stops.
run('unit, ui, integration and PostgreSQL tests', 'npx', [
  'vitest',
  'run',
  '--project',
  'unit',
  '--project',
  'unit-mocks',
  '--project',
  'ui',
  '--project',
  'integration',
  '--project',
  'integration-mocks',
  '--project',
  'postgres',
]);
if (withE2e) run('end-to-end tests (Chromium)', 'npx', ['vitest', 'run', '--project', 'e2e']);
console.log('\n✔ all checks and suites passed');
