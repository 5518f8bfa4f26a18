import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReport } from './lib/report.ts';
import { builtApp } from './scenarios/bundle.ts';
import { benchChromiumQueries } from './scenarios/chromium-queries.ts';

/**
 * `node --import tsx tests/bench/run-chromium-queries.ts [--records N] [--app DIR]`:
 * only the Chromium search and pendency section of `npm run bench`, printed,
 * not written to latest.json. Serves a copy of the built app so a rebuild of
 * dist/ during the run cannot pull files from under the browser.
 */

const ROOT = join(new URL('.', import.meta.url).pathname, '..', '..');
const sizeFlag = process.argv.indexOf('--records');
// A smaller office (`--records 500`) checks the section quickly; the metric is at 10,000.
const size = sizeFlag > 0 ? Number(process.argv[sizeFlag + 1]) : 10_000;
const appFlag = process.argv.indexOf('--app');
const report = createReport();
// `--app DIR`: a build of one's own (`npx vite build --outDir DIR`) instead of dist/.
const app =
  appFlag > 0
    ? { dir: process.argv[appFlag + 1] ?? '', dispose: () => undefined }
    : builtApp(ROOT, report);
const copy = mkdtempSync(join(tmpdir(), 'patravali-dist-copy-'));
try {
  cpSync(app.dir, copy, { recursive: true });
  const t0 = performance.now();
  await benchChromiumQueries(report, copy, size);
  report.table(
    'Metrics',
    ['name', 'value', 'unit'],
    report.metrics.map((m) => [m.name, m.value, m.unit]),
  );
  report.note(`(Chromium queries: ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
} finally {
  rmSync(copy, { recursive: true, force: true });
  app.dispose();
}
