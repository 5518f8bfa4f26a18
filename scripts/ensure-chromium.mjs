// Finds the Chromium the browser tests drive: $CHROMIUM_PATH, else Debian's /usr/bin/chromium.
// When it is missing and we are root with apt-get (a CI container), installs Debian's package
// plus the Noto fonts so Devanagari renders; otherwise stops and names what to install. The
// print tests read Chromium's PDFs with poppler's pdftoppm: installed the same way.
// playwright-core never downloads its own browser here (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { aptGet, canAptGet, isExecutable } from './debian-packages.mjs';

const DEFAULT_PATH = '/usr/bin/chromium';
const INSTALL_HINT = 'apt-get install chromium fonts-noto-core poppler-utils';
const POPPLER_HINT = 'apt-get install poppler-utils';

const onPath = (program) =>
  spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status === 0;

/** Installs poppler-utils (pdftoppm) when it is missing and apt-get can; else names it. */
export function ensurePoppler() {
  if (onPath('pdftoppm')) return;
  if (!canAptGet()) {
    throw new Error(
      `pdftoppm not found (the print tests read PDFs with it). Install it with: ${POPPLER_HINT}`,
    );
  }
  console.log(`pdftoppm not found; installing: ${POPPLER_HINT}`);
  aptGet(['update']);
  aptGet(['install', '-y', 'poppler-utils']);
  if (!onPath('pdftoppm'))
    throw new Error('apt-get installed poppler-utils but pdftoppm is still missing.');
}

/**
 * Resolves to the path of an executable Chromium, installing Debian's package when allowed.
 * Rejects with a message naming the package when it cannot.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {Promise<string>}
 */
export async function ensureChromium(env = process.env) {
  const wanted = env.CHROMIUM_PATH || DEFAULT_PATH;
  if (isExecutable(wanted)) return wanted;
  if (env.CHROMIUM_PATH) {
    throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable file.`);
  }
  if (!canAptGet()) {
    throw new Error(
      `Chromium not found at ${DEFAULT_PATH}. Install it with: ${INSTALL_HINT}` +
        ' (or set CHROMIUM_PATH to a Chromium executable).',
    );
  }
  console.log(`Chromium not found; installing: ${INSTALL_HINT}`);
  aptGet(['update']);
  aptGet(['install', '-y', 'chromium', 'fonts-noto-core', 'poppler-utils']);
  if (!isExecutable(DEFAULT_PATH)) {
    throw new Error(`apt-get installed chromium but ${DEFAULT_PATH} is still missing.`);
  }
  return DEFAULT_PATH;
}

const invokedDirectly = process.argv[1] === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  ensureChromium()
    .then((path) => {
      ensurePoppler();
      return path;
    })
    .then(
      (path) => console.log(path),
      (error) => {
        console.error(error instanceof Error ? error.message : String(error));
        process.exit(1);
      },
    );
}
